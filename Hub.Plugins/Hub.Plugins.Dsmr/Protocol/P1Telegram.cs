namespace Hub.Plugins.Dsmr.Protocol;

/// <summary>A parsed telegram: the identification line and the data lines in order.</summary>
/// <param name="Identification">The header after '/', e.g. <c>ISk5\2MT382-1000</c> (maker's 3 letters, baud digit, type).</param>
/// <param name="Objects">The data lines.</param>
/// <param name="HasCrc">Whether it came with a CRC.</param>
public sealed record P1Telegram(string Identification, IReadOnlyList<P1Object> Objects, bool HasCrc)
{
    public P1Object? Find(string obis) => Objects.FirstOrDefault(o => string.Equals(o.Obis, obis, StringComparison.Ordinal));

    /// <summary>The three letters naming the maker (FLAG id), e.g. ISK, KFM, XMX.</summary>
    public string Maker => Identification.Length >= 3 ? Identification[..3] : Identification;
}
