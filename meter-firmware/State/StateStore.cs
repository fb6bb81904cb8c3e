using System.Buffers;
using System.Text.Json;

namespace MeterFirmware.State;

/// <summary>
/// Keeps <see cref="MeterState"/> in <c>{stateDir}/state.json</c>, replaced atomically (<see cref="AtomicFile"/>) at
/// every reading. A torn temporary file left by a crash is ignored and removed; the last complete state wins.
/// </summary>
internal sealed class StateStore
{
    public const string FileName = "state.json";
    private const int FormatVersion = 1;

    private readonly string _path;
    private MeterState? _last;

    public StateStore(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(Path.GetFullPath(directory), FileName);
    }

    public string FilePath => _path;

    /// <summary>The stored state, or null when the meter has never saved one.</summary>
    /// <exception cref="StateCorruptException">The file exists but is not a valid state.</exception>
    public MeterState? Load()
    {
        // A leftover temporary file is a write that never reached its rename: by design it never counted.
        File.Delete(_path + AtomicFile.TempSuffix);

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(_path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var state = new MeterState(
                root.GetProperty("meterId").GetString() ?? throw new StateCorruptException($"{_path}: meterId is null."),
                root.GetProperty("seq").GetUInt64(),
                Register(root, "energyImportWh"),
                Register(root, "energyExportWh"),
                root.GetProperty("savedAt").GetDateTimeOffset());
            _last = state;
            return state;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new StateCorruptException($"{_path} is not a valid meter state ({ex.Message}); refusing to start from zero, which would reuse sequence numbers. Restore it or move it away deliberately.", ex);
        }
    }

    /// <summary>Persists durably before returning.</summary>
    /// <exception cref="InvalidOperationException">The state would go backwards.</exception>
    public void Save(MeterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_last is { } last && (state.Seq < last.Seq || state.EnergyImportWh < last.EnergyImportWh || state.EnergyExportWh < last.EnergyExportWh))
        {
            throw new InvalidOperationException($"refusing to move the meter state backwards (seq {last.Seq} -> {state.Seq}).");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("meterId", state.MeterId);
            writer.WriteNumber("seq", state.Seq);
            writer.WriteNumber("energyImportWh", state.EnergyImportWh);
            writer.WriteNumber("energyExportWh", state.EnergyExportWh);
            writer.WriteString("savedAt", state.SavedAt.ToUniversalTime());
            writer.WriteEndObject();
        }

        AtomicFile.Write(_path, buffer.WrittenSpan);
        _last = state;
    }

    private double Register(JsonElement root, string name)
    {
        var value = root.GetProperty(name).GetDouble();
        return double.IsFinite(value) && value >= 0
            ? value
            : throw new StateCorruptException($"{_path}: {name} is {value}, not a finite non-negative Wh value.");
    }
}
