namespace Hub.Plugins.Modbus.Protocol;

/// <summary>
/// How a device lays a value wider than one byte across its 16-bit registers. Letters name the value's bytes
/// from most (A) to least significant, in the order they appear on the wire; for 64-bit values the same rule
/// extends to ABCDEFGH. The Modbus specification fixes big-endian bytes inside a register (V1.1b3 §4.2) but not
/// the order of registers, so device manuals differ. Parse a manual's "ABCD"/"CDAB" with
/// <c>Enum.Parse&lt;WordOrder&gt;(text, ignoreCase: true)</c>.
/// </summary>
public enum WordOrder
{
    /// <summary>Big-endian: high word first, high byte first (float32 230.5 = 0x4366 0x8000). The Modbus default.</summary>
    Abcd = 0,

    /// <summary>Word-swapped ("little-endian words"): low word first, bytes big-endian within each word (0x8000 0x4366).</summary>
    Cdab = 1,

    /// <summary>Byte-swapped: high word first, bytes swapped within each word (0x6643 0x0080).</summary>
    Badc = 2,

    /// <summary>Fully little-endian: low word first, bytes swapped within each word (0x0080 0x6643).</summary>
    Dcba = 3,
}
