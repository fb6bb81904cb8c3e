// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Builds leaf encodings exactly as the hub does (Hub.Ledger/Hub.Ledger/Blocks/CanonicalEncoding.cs,
/// docs/ledger.md "Canonical encoding"), and Merkle roots and proofs as Hub.Ledger's MerkleTree does (sorted pairs,
/// an odd level carries its last node up). EnergyMarketTest.test_LeafBuilderMatchesTheHubsEncoding pins a vector
/// printed by the C# code.
library LeafBuilder {
    struct Verdict {
        string rule;
        bool ok;
        string detail;
    }

    /// A reading; the has* flags say which optional fields are present (a present list may be empty).
    struct Reading {
        string meterId;
        int64 timestampMs;
        bool hasImport;
        uint64 importBits;
        bool hasExport;
        uint64 exportBits;
        bool hasPower;
        uint64 powerBits;
        bool hasVoltage;
        uint64[] voltageBits;
        bool hasCurrent;
        uint64[] currentBits;
        bool hasFrequency;
        uint64 frequencyBits;
        bool hasSeq;
        uint64 seq;
    }

    struct Stored {
        int64 id;
        Reading reading;
        string signature;
        int64 receivedAtMs;
        bool valid;
        Verdict[] verdicts;
    }

    /// IEEE 754 binary64 bits of n / 2^shift, exact for n < 2^53 (what the tests need: whole and half Wh).
    function float64(uint256 n, uint256 shift) internal pure returns (uint64) {
        if (n == 0) return 0;
        require(n < 1 << 53, "not exact");
        uint256 msb = 0;
        while (n >> (msb + 1) != 0) msb++;
        uint256 mantissa = n << (52 - msb);
        uint256 exponent = 1023 + msb - shift;
        return uint64((exponent << 52) | (mantissa & ((1 << 52) - 1)));
    }

    function negative(uint64 bits) internal pure returns (uint64) {
        return bits | uint64(1 << 63);
    }

    function encodeReading(Reading memory r) internal pure returns (bytes memory out) {
        uint8 flags = (r.hasImport ? 0x01 : 0) | (r.hasExport ? 0x02 : 0) | (r.hasPower ? 0x04 : 0)
            | (r.hasVoltage ? 0x08 : 0) | (r.hasCurrent ? 0x10 : 0) | (r.hasFrequency ? 0x20 : 0) | (r.hasSeq ? 0x40 : 0);
        bytes memory id = bytes(r.meterId);
        out = abi.encodePacked(uint8(1), uint8(id.length), id, r.timestampMs, flags);
        if (r.hasImport) out = abi.encodePacked(out, r.importBits);
        if (r.hasExport) out = abi.encodePacked(out, r.exportBits);
        if (r.hasPower) out = abi.encodePacked(out, r.powerBits);
        if (r.hasVoltage) out = abi.encodePacked(out, _phases(r.voltageBits));
        if (r.hasCurrent) out = abi.encodePacked(out, _phases(r.currentBits));
        if (r.hasFrequency) out = abi.encodePacked(out, r.frequencyBits);
        if (r.hasSeq) out = abi.encodePacked(out, r.seq);
    }

    function encodeLeaf(Stored memory s) internal pure returns (bytes memory out) {
        bytes memory reading = encodeReading(s.reading);
        bytes memory signature = bytes(s.signature);
        out = abi.encodePacked(uint8(1), s.id, uint16(reading.length), reading, uint16(signature.length), signature);
        out = abi.encodePacked(out, s.receivedAtMs, s.valid ? uint8(1) : uint8(0), uint8(s.verdicts.length));
        for (uint256 i = 0; i < s.verdicts.length; i++) {
            Verdict memory v = s.verdicts[i];
            out = abi.encodePacked(out, uint8(bytes(v.rule).length), v.rule, v.ok ? uint8(1) : uint8(0));
            out = abi.encodePacked(out, uint16(bytes(v.detail).length), v.detail);
        }
    }

    /// A meter's reading with both counters (whole Wh), stored by the hub as valid with the usual verdicts.
    function meterLeaf(int64 id, string memory meterId, int64 timestampMs, uint256 importWh, uint256 exportWh, bool valid)
        internal
        pure
        returns (bytes memory)
    {
        return encodeLeaf(meterStored(id, meterId, timestampMs, importWh, exportWh, valid));
    }

    /// The stored reading meterLeaf encodes, for a test to change (e.g. to add the meter's signature).
    function meterStored(int64 id, string memory meterId, int64 timestampMs, uint256 importWh, uint256 exportWh, bool valid)
        internal
        pure
        returns (Stored memory s)
    {
        s.id = id;
        s.reading.meterId = meterId;
        s.reading.timestampMs = timestampMs;
        s.reading.hasImport = true;
        s.reading.importBits = float64(importWh, 0);
        s.reading.hasExport = true;
        s.reading.exportBits = float64(exportWh, 0);
        s.reading.hasPower = true;
        s.reading.powerBits = float64(1200, 0);
        // The meter's seq: the reading id here, so that readings with consecutive ids are consecutive readings.
        s.reading.hasSeq = true;
        // forge-lint: disable-next-line(unsafe-typecast)
        s.reading.seq = uint64(id);
        s.receivedAtMs = timestampMs + 150;
        s.valid = valid;
        s.verdicts = new Verdict[](3);
        s.verdicts[0] = Verdict("range", true, "");
        s.verdicts[1] = Verdict("counter-monotonic", valid, valid ? "" : "energyImportWh went backwards");
        s.verdicts[2] = Verdict("timestamp", true, "");
    }

    /// The signature string a meter sends: 0x + lowercase hex of r ‖ s ‖ v (Hub.Ledger.Crypto EcdsaSignature.ToHex).
    function signatureHex(uint8 v, bytes32 r, bytes32 s) internal pure returns (string memory) {
        return hex0x(abi.encodePacked(r, s, v));
    }

    function hex0x(bytes memory data) internal pure returns (string memory) {
        bytes memory digits = "0123456789abcdef";
        bytes memory out = new bytes(2 + data.length * 2);
        out[0] = "0";
        out[1] = "x";
        for (uint256 i = 0; i < data.length; i++) {
            out[2 + 2 * i] = digits[uint8(data[i]) >> 4];
            out[3 + 2 * i] = digits[uint8(data[i]) & 0x0f];
        }
        return string(out);
    }

    // ---- Merkle tree (docs/ledger.md "Merkle tree")

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        while (level.length > 1) level = _up(level);
        return level[0];
    }

    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory siblings) {
        bytes32[] memory buffer = new bytes32[](64);
        uint256 count;
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) buffer[count++] = level[sibling];
            level = _up(level);
            index /= 2;
        }
        siblings = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) siblings[i] = buffer[i];
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i = 0; i + 1 < level.length; i += 2) next[i / 2] = _pair(level[i], level[i + 1]);
        if (level.length % 2 == 1) next[next.length - 1] = level[level.length - 1];
    }

    function _pair(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    function _phases(uint64[] memory values) private pure returns (bytes memory out) {
        out = abi.encodePacked(uint8(values.length));
        for (uint256 i = 0; i < values.length; i++) out = abi.encodePacked(out, values[i]);
    }
}
