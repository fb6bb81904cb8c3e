namespace MeterFirmware.Energy;

/// <summary>
/// The cumulative import and export registers (Wh), fed with power samples. Between two samples the power is taken
/// to change linearly (trapezoidal rule); when it changes sign, the interval is split at the zero crossing so that
/// import and export each get their own share. The registers never decrease: a sample that is not finite or
/// does not move time forward only resets the baseline.
/// </summary>
internal sealed class EnergyCounters
{
    private DateTimeOffset? _lastAt;
    private double _lastPowerW;

    /// <summary>Starts from stored register values (e.g. after a reboot).</summary>
    public EnergyCounters(double importWh = 0, double exportWh = 0)
    {
        if (!double.IsFinite(importWh) || importWh < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(importWh), importWh, "an energy register is a finite, non-negative Wh value");
        }

        if (!double.IsFinite(exportWh) || exportWh < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exportWh), exportWh, "an energy register is a finite, non-negative Wh value");
        }

        ImportWh = importWh;
        ExportWh = exportWh;
    }

    public double ImportWh { get; private set; }

    public double ExportWh { get; private set; }

    /// <summary>Integrates from the previous sample up to this one.</summary>
    /// <param name="at">The sample's time on the sensor's time base.</param>
    /// <param name="powerW">Signed power: positive imports, negative exports.</param>
    public void Add(DateTimeOffset at, double powerW)
    {
        if (!double.IsFinite(powerW))
        {
            return;
        }

        if (_lastAt is { } lastAt && at > lastAt)
        {
            var (import, export) = Integrate(_lastPowerW, powerW, (at - lastAt).TotalHours);
            ImportWh += import;
            ExportWh += export;
        }

        if (_lastAt is null || at >= _lastAt)
        {
            _lastAt = at;
            _lastPowerW = powerW;
        }
    }

    /// <summary>
    /// The energy of a linear power ramp from <paramref name="p0"/> to <paramref name="p1"/> over
    /// <paramref name="hours"/>, split into imported and exported Wh (both ≥ 0).
    /// </summary>
    public static (double ImportWh, double ExportWh) Integrate(double p0, double p1, double hours)
    {
        if (hours <= 0)
        {
            return (0, 0);
        }

        if ((p0 >= 0 && p1 >= 0) || (p0 <= 0 && p1 <= 0))
        {
            var wh = (p0 + p1) / 2 * hours;
            return wh >= 0 ? (wh, 0) : (0, -wh);
        }

        // Opposite signs: the ramp crosses zero at fraction f of the interval; each side is a triangle.
        var f = p0 / (p0 - p1);
        var first = p0 / 2 * f * hours;
        var second = p1 / 2 * (1 - f) * hours;
        return p0 > 0 ? (first, -second) : (second, -first);
    }
}
