using System.Globalization;

namespace Hub.Plugins.Coap.Protocol.Codec;

/// <summary>A method or response code, <c>c.dd</c> in one byte (RFC 7252 §3, §12.1).</summary>
public readonly record struct CoapCode(byte Value)
{
    public static readonly CoapCode Empty = new(0x00);
    public static readonly CoapCode Get = new(0x01);
    public static readonly CoapCode Post = new(0x02);
    public static readonly CoapCode Put = new(0x03);
    public static readonly CoapCode Delete = new(0x04);
    public static readonly CoapCode Created = FromClass(2, 1);
    public static readonly CoapCode Deleted = FromClass(2, 2);
    public static readonly CoapCode Valid = FromClass(2, 3);
    public static readonly CoapCode Changed = FromClass(2, 4);
    public static readonly CoapCode Content = FromClass(2, 5);
    public static readonly CoapCode Continue = FromClass(2, 31);
    public static readonly CoapCode BadRequest = FromClass(4, 0);
    public static readonly CoapCode Unauthorized = FromClass(4, 1);
    public static readonly CoapCode BadOption = FromClass(4, 2);
    public static readonly CoapCode Forbidden = FromClass(4, 3);
    public static readonly CoapCode NotFound = FromClass(4, 4);
    public static readonly CoapCode MethodNotAllowed = FromClass(4, 5);
    public static readonly CoapCode RequestEntityIncomplete = FromClass(4, 8);
    public static readonly CoapCode RequestEntityTooLarge = FromClass(4, 13);
    public static readonly CoapCode UnsupportedContentFormat = FromClass(4, 15);
    public static readonly CoapCode InternalServerError = FromClass(5, 0);
    public static readonly CoapCode ServiceUnavailable = FromClass(5, 3);

    public int Class => Value >> 5;

    public int Detail => Value & 0x1F;

    public bool IsEmpty => Value == 0;

    public bool IsRequest => Class == 0 && Value != 0;

    public bool IsResponse => Class is >= 2 and <= 5;

    public bool IsSuccess => Class == 2;

    public static CoapCode FromClass(int codeClass, int detail) => new((byte)((codeClass << 5) | detail));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Class}.{Detail:00}");
}
