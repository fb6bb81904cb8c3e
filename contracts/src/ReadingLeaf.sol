// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Decoder of the hub's Merkle leaf encoding (docs/ledger.md "Leaf encoding" and "Reading encoding").
/// @notice The leaf is keccak256 of the encoding, so a contract given the encoding can both check it against an
/// anchored root and read what it says. Only what the market needs is decoded: the meter id, the reading's
/// timestamp, the two energy counters, and whether the hub judged the reading valid. The hash binds the rest.
library ReadingLeaf {
    struct Decoded {
        int64 readingId;
        bytes32 meterIdHash; // keccak256 of the meter id's UTF-8 bytes
        int64 timestampMs; // Unix ms
        bool hasImport;
        bool hasExport;
        uint64 importBits; // IEEE 754 binary64 bits of energyImportWh
        uint64 exportBits; // IEEE 754 binary64 bits of energyExportWh
        bool valid;
    }

    error MalformedLeaf(uint256 offset);
    error NotACounter(uint64 bits);

    uint8 private constant VERSION = 0x01;
    uint8 private constant FLAG_IMPORT = 0x01;
    uint8 private constant FLAG_EXPORT = 0x02;

    /// @notice Decodes a leaf encoding; reverts with MalformedLeaf(offset) where the bytes do not fit the layout.
    function decode(bytes calldata leaf) internal pure returns (Decoded memory d) {
        // A 64-byte "encoding" would be two concatenated inner nodes: never a leaf (docs/ledger.md "Merkle tree").
        if (leaf.length == 64) revert MalformedLeaf(0);
        if (leaf.length < 11 || uint8(leaf[0]) != VERSION) revert MalformedLeaf(0);
        d.readingId = int64(uint64(bytes8(leaf[1:9])));
        uint256 readingEnd = 11 + uint256(uint16(bytes2(leaf[9:11])));
        if (readingEnd > leaf.length) revert MalformedLeaf(9);

        // The reading encoding: version, meterId (u8 length), timestamp, field flags, then the flagged fields in order.
        uint256 p = 11;
        if (p + 2 > readingEnd || uint8(leaf[p]) != VERSION) revert MalformedLeaf(p);
        uint256 idLength = uint8(leaf[p + 1]);
        p += 2;
        if (p + idLength + 9 > readingEnd) revert MalformedLeaf(p);
        d.meterIdHash = keccak256(leaf[p:p + idLength]);
        p += idLength;
        d.timestampMs = int64(uint64(bytes8(leaf[p:p + 8])));
        uint8 flags = uint8(leaf[p + 8]);
        p += 9;
        if (flags & FLAG_IMPORT != 0) {
            if (p + 8 > readingEnd) revert MalformedLeaf(p);
            d.hasImport = true;
            d.importBits = uint64(bytes8(leaf[p:p + 8]));
            p += 8;
        }
        if (flags & FLAG_EXPORT != 0) {
            if (p + 8 > readingEnd) revert MalformedLeaf(p);
            d.hasExport = true;
            d.exportBits = uint64(bytes8(leaf[p:p + 8]));
        }

        // After the reading: signature (u16 length), receivedAt (int64), valid (1 byte), then the verdicts.
        p = readingEnd;
        if (p + 2 > leaf.length) revert MalformedLeaf(p);
        p += 2 + uint256(uint16(bytes2(leaf[p:p + 2])));
        if (p + 9 > leaf.length) revert MalformedLeaf(p);
        uint8 valid = uint8(leaf[p + 8]);
        if (valid > 1) revert MalformedLeaf(p + 8);
        d.valid = valid == 1;
    }

    /// @notice floor(value) of a non-negative, finite binary64 counter, in whole Wh.
    /// Reverts for negative values, NaN and infinities (an energy counter is none of these), and for values above
    /// 2^64 Wh, which no meter counts.
    function wholeWh(uint64 bits) internal pure returns (uint256) {
        if (bits >> 63 != 0 && bits != 1 << 63) revert NotACounter(bits); // -0.0 is 0
        uint256 exponent = (bits >> 52) & 0x7FF;
        if (exponent == 0x7FF) revert NotACounter(bits);
        if (exponent < 1023) return 0; // below 1 (zero and subnormals included)
        uint256 mantissa = uint256(bits & ((1 << 52) - 1)) | (1 << 52);
        // value = mantissa * 2^(exponent - 1075)
        if (exponent >= 1075) {
            if (exponent - 1075 > 11) revert NotACounter(bits);
            return mantissa << (exponent - 1075);
        }
        return mantissa >> (1075 - exponent);
    }
}
