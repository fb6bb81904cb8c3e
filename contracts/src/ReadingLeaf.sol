// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

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
        bool hasSeq;
        uint64 seq; // the meter's own sequence number (in what the meter signs)
        bool valid;
        uint256 readingEnd; // the reading encoding is leaf[11:readingEnd]
        uint256 signatureAt; // the signature string is leaf[signatureAt:signatureAt + signatureLength]
        uint256 signatureLength;
    }

    error MalformedLeaf(uint256 offset);
    error NotACounter(uint64 bits);

    uint8 private constant VERSION = 0x01;
    uint8 private constant FLAG_IMPORT = 0x01;
    uint8 private constant FLAG_EXPORT = 0x02;
    uint8 private constant FLAG_POWER = 0x04;
    uint8 private constant FLAG_VOLTAGE = 0x08;
    uint8 private constant FLAG_CURRENT = 0x10;
    uint8 private constant FLAG_FREQUENCY = 0x20;
    uint8 private constant FLAG_SEQ = 0x40;

    /// @notice Decodes a leaf encoding; reverts with MalformedLeaf(offset) where the bytes do not fit the layout.
    function decode(bytes calldata leaf) internal pure returns (Decoded memory d) {
        // A 64-byte "encoding" would be two concatenated inner nodes: never a leaf (docs/ledger.md "Merkle tree").
        if (leaf.length == 64) revert MalformedLeaf(0);
        if (leaf.length < 11 || uint8(leaf[0]) != VERSION) revert MalformedLeaf(0);
        d.readingId = int64(uint64(bytes8(leaf[1:9])));
        uint256 readingEnd = 11 + uint256(uint16(bytes2(leaf[9:11])));
        if (readingEnd > leaf.length) revert MalformedLeaf(9);
        d.readingEnd = readingEnd;

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
            p += 8;
        }
        if (flags & FLAG_SEQ != 0) {
            // Skip power, the phases (u8 count + count × float64 each) and frequency to reach seq.
            if (flags & FLAG_POWER != 0) p += 8;
            if (flags & FLAG_VOLTAGE != 0) {
                if (p + 1 > readingEnd) revert MalformedLeaf(p);
                p += 1 + 8 * uint256(uint8(leaf[p]));
            }
            if (flags & FLAG_CURRENT != 0) {
                if (p + 1 > readingEnd) revert MalformedLeaf(p);
                p += 1 + 8 * uint256(uint8(leaf[p]));
            }
            if (flags & FLAG_FREQUENCY != 0) p += 8;
            if (p + 8 > readingEnd) revert MalformedLeaf(p);
            d.hasSeq = true;
            d.seq = uint64(bytes8(leaf[p:p + 8]));
        }

        // After the reading: signature (u16 length), receivedAt (int64), valid (1 byte), then the verdicts.
        p = readingEnd;
        if (p + 2 > leaf.length) revert MalformedLeaf(p);
        d.signatureAt = p + 2;
        d.signatureLength = uint16(bytes2(leaf[p:p + 2]));
        p += 2 + d.signatureLength;
        if (p + 9 > leaf.length) revert MalformedLeaf(p);
        uint8 valid = uint8(leaf[p + 8]);
        if (valid > 1) revert MalformedLeaf(p + 8);
        d.valid = valid == 1;
    }

    /// @notice The address whose key signed the reading (what a meter signs: keccak256 of the reading encoding,
    /// docs/ledger.md), from the leaf's signature string (hex of r ‖ s ‖ v, with or without 0x, v 27/28 or 0/1);
    /// address(0) when there is no signature or it is not a valid low-s secp256k1 signature.
    function signer(bytes calldata leaf, Decoded memory d) internal pure returns (address) {
        uint256 from = d.signatureAt;
        uint256 length = d.signatureLength;
        if (length == 132 && leaf[from] == "0" && (leaf[from + 1] == "x" || leaf[from + 1] == "X")) {
            from += 2;
            length = 130;
        }
        if (length != 130) return address(0);
        (bool okR, uint256 r) = _hex(leaf, from, 64);
        (bool okS, uint256 s) = _hex(leaf, from + 64, 64);
        (bool okV, uint256 v) = _hex(leaf, from + 128, 2);
        if (!(okR && okS && okV)) return address(0);
        if (v < 27) v += 27;
        if (v > 28) return address(0);
        (address recovered, ECDSA.RecoverError failure,) =
            // v is 27 or 28 here.
            // forge-lint: disable-next-line(unsafe-typecast)
            ECDSA.tryRecover(keccak256(leaf[11:d.readingEnd]), uint8(v), bytes32(r), bytes32(s));
        return failure == ECDSA.RecoverError.NoError ? recovered : address(0);
    }

    /// `digits` (at most 64) hex digits, either case, at leaf[from..] as a number; false on anything else.
    /// In assembly: Solidity's checked per-byte slice access costs several times the gas.
    function _hex(bytes calldata leaf, uint256 from, uint256 digits) private pure returns (bool ok, uint256 value) {
        if (from + digits > leaf.length) return (false, 0);
        ok = true;
        assembly ("memory-safe") {
            let start := add(leaf.offset, from)
            for { let i := 0 } lt(i, digits) { i := add(i, 1) } {
                let c := byte(0, calldataload(add(start, i)))
                let nibble := 0
                switch and(gt(c, 0x2f), lt(c, 0x3a))
                case 1 { nibble := sub(c, 0x30) }
                default {
                    let lower := or(c, 0x20) // 'A'..'F' -> 'a'..'f'
                    switch and(gt(lower, 0x60), lt(lower, 0x67))
                    case 1 { nibble := sub(lower, 0x57) }
                    default { ok := 0 }
                }
                value := or(shl(4, value), nibble)
            }
        }
        if (!ok) value = 0;
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
