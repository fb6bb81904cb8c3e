using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Profiles;

/// <summary>
/// Reads and checks one profile file (format: docs/modbus.md). Every problem is a
/// <see cref="ProfileFormatException"/> naming the file and the key: <c>x.json: quantities[3].register: ...</c>.
/// </summary>
public static partial class ProfileLoader
{
    private const string WordOrders = "ABCD, CDAB, BADC, DCBA";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    /// <summary>Loads a profile file.</summary>
    public static DeviceProfile LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileName = Path.GetFileName(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileFormatException($"{fileName}: cannot be read: {ex.Message}", ex);
        }

        return Parse(fileName, text);
    }

    /// <summary>Parses profile JSON; <paramref name="fileName"/> (e.g. <c>eastron-sdm630.json</c>) is used in messages and must match the name.</summary>
    public static DeviceProfile Parse(string fileName, string json)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ProfileFormatException($"{fileName}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            return new Reader(fileName).Profile(document.RootElement);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private sealed class Reader(string fileName)
    {
        public DeviceProfile Profile(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("(root)", "a profile is a JSON object");
            }

            var name = RequiredString(root, "name", "name");
            if (!NamePattern().IsMatch(name))
            {
                throw Error("name", $"'{name}' is not a profile name; use 1 to 64 characters of a-z, 0-9 and '-'");
            }

            var expectedFile = name + ".json";
            if (!string.Equals(fileName, expectedFile, StringComparison.Ordinal))
            {
                throw Error("name", $"'{name}' does not match the file name; name the file {expectedFile}");
            }

            var document = Required(root, "document", "document");
            var title = RequiredString(document, "title", "document.title");
            var url = RequiredString(document, "url", "document.url");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw Error("document.url", $"'{url}' is not an http(s) address of the maker's document");
            }

            var maxGap = root.TryGetProperty("maxGapRegisters", out var gap)
                ? WholeNumber(gap, "maxGapRegisters", 0, ModbusLimits.MaxReadRegisters - 1)
                : 0;

            var defaults = root.TryGetProperty("defaults", out var d) ? d : default;
            if (defaults.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                throw Error("defaults", "expected an object of default function, type, wordOrder and scale");
            }

            var hasQuantities = root.TryGetProperty("quantities", out var quantitiesElement);
            var hasSunSpec = root.TryGetProperty("sunspec", out var sunSpecElement);
            if (hasQuantities == hasSunSpec)
            {
                throw Error("quantities", "a profile has either a 'quantities' register map or a 'sunspec' discovery section (one of the two)");
            }

            return new DeviceProfile
            {
                Name = name,
                Source = fileName,
                DocumentTitle = title,
                DocumentUrl = url,
                MaxGapRegisters = maxGap,
                Quantities = hasQuantities ? Quantities(quantitiesElement, defaults) : [],
                SunSpec = hasSunSpec ? SunSpec(sunSpecElement) : null,
            };
        }

        private List<ProfileQuantity> Quantities(JsonElement array, JsonElement defaults)
        {
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                throw Error("quantities", "expected a non-empty array of quantities");
            }

            var quantities = new List<ProfileQuantity>();
            var fields = new HashSet<CanonicalField>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var key = $"quantities[{index}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw Error(key, "expected an object with field, function, register, type, wordOrder and scale");
                }

                var field = Field(RequiredString(item, "field", $"{key}.field"), $"{key}.field");
                if (!fields.Add(field))
                {
                    throw Error($"{key}.field", $"{field} is mapped twice");
                }

                var function = WholeNumber(Setting(item, defaults, "function", key), $"{key}.function", 0, int.MaxValue) switch
                {
                    3 => ModbusFunctionCode.ReadHoldingRegisters,
                    4 => ModbusFunctionCode.ReadInputRegisters,
                    var other => throw Error($"{key}.function", $"{other} is not a read function; use 3 (holding registers) or 4 (input registers)"),
                };
                var type = DataType(Setting(item, defaults, "type", key), $"{key}.type");
                var register = Register(Setting(item, defaults, "register", key), $"{key}.register");
                if (register + type.Width() > ModbusLimits.AddressSpace)
                {
                    throw Error($"{key}.register", $"{register} + {type.Width()} register(s) of {type.ToString().ToLowerInvariant()} runs past the last register address 65535");
                }

                var order = Order(OptionalSetting(item, defaults, "wordOrder"), $"{key}.wordOrder");
                var scale = Scale(OptionalSetting(item, defaults, "scale"), $"{key}.scale");
                quantities.Add(new ProfileQuantity(field, function, (ushort)register, type, order, scale));
                index++;
            }

            return quantities;
        }

        private SunSpecProfile SunSpec(JsonElement section)
        {
            if (section.ValueKind != JsonValueKind.Object)
            {
                throw Error("sunspec", "expected an object with baseAddresses and models");
            }

            var function = section.TryGetProperty("function", out var f)
                ? WholeNumber(f, "sunspec.function", 3, 4) == 3 ? ModbusFunctionCode.ReadHoldingRegisters : ModbusFunctionCode.ReadInputRegisters
                : ModbusFunctionCode.ReadHoldingRegisters;
            var bases = Required(section, "baseAddresses", "sunspec.baseAddresses");
            if (bases.ValueKind != JsonValueKind.Array || bases.GetArrayLength() == 0)
            {
                throw Error("sunspec.baseAddresses", "expected a non-empty array of register addresses, e.g. [0, 40000, 50000]");
            }

            var baseAddresses = bases.EnumerateArray().Select((b, i) => (ushort)Register(b, $"sunspec.baseAddresses[{i}]")).ToList();
            var models = Required(section, "models", "sunspec.models");
            if (models.ValueKind != JsonValueKind.Array || models.GetArrayLength() == 0)
            {
                throw Error("sunspec.models", "expected a non-empty array of model layouts");
            }

            var maps = new List<SunSpecModelMap>();
            var m = 0;
            foreach (var model in models.EnumerateArray())
            {
                var key = $"sunspec.models[{m}]";
                var ids = Required(model, "ids", $"{key}.ids");
                if (ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0)
                {
                    throw Error($"{key}.ids", "expected a non-empty array of SunSpec model ids");
                }

                var idList = ids.EnumerateArray().Select((id, i) => WholeNumber(id, $"{key}.ids[{i}]", 1, 65534)).ToList();
                var points = Required(model, "points", $"{key}.points");
                if (points.ValueKind != JsonValueKind.Array || points.GetArrayLength() == 0)
                {
                    throw Error($"{key}.points", "expected a non-empty array of points");
                }

                var pointList = new List<SunSpecPoint>();
                var p = 0;
                foreach (var point in points.EnumerateArray())
                {
                    var pkey = $"{key}.points[{p}]";
                    var field = Field(RequiredString(point, "field", $"{pkey}.field"), $"{pkey}.field");
                    var offset = WholeNumber(Required(point, "offset", $"{pkey}.offset"), $"{pkey}.offset", 0, ModbusLimits.MaxReadRegisters - 2);
                    var type = DataType(Required(point, "type", $"{pkey}.type"), $"{pkey}.type");
                    if (type is RegisterDataType.Float32 or RegisterDataType.Float64)
                    {
                        throw Error($"{pkey}.type", "SunSpec integer models use int16, uint16, int32 or uint32 (acc32) with scale factors");
                    }

                    int? sf = point.TryGetProperty("scaleFactorOffset", out var sfElement) && sfElement.ValueKind != JsonValueKind.Null
                        ? WholeNumber(sfElement, $"{pkey}.scaleFactorOffset", 0, ModbusLimits.MaxReadRegisters - 3)
                        : null;
                    var scale = Scale(point.TryGetProperty("scale", out var s) ? s : default, $"{pkey}.scale");
                    pointList.Add(new SunSpecPoint(field, offset, type, sf, scale));
                    p++;
                }

                maps.Add(new SunSpecModelMap(idList, pointList));
                m++;
            }

            return new SunSpecProfile(function, baseAddresses, maps);
        }

        private JsonElement Setting(JsonElement item, JsonElement defaults, string name, string key) =>
            OptionalSetting(item, defaults, name) is { ValueKind: not JsonValueKind.Undefined } value
                ? value
                : throw Error($"{key}.{name}", "missing (set it on the quantity or in 'defaults')");

        private static JsonElement OptionalSetting(JsonElement item, JsonElement defaults, string name)
        {
            if (item.TryGetProperty(name, out var value))
            {
                return value;
            }

            return defaults.ValueKind == JsonValueKind.Object && defaults.TryGetProperty(name, out var fallback) ? fallback : default;
        }

        private CanonicalField Field(string text, string key) =>
            CanonicalField.TryParse(text, out var field)
                ? field.Value
                : throw Error(key, $"'{text}' is not a canonical field; use one of {CanonicalField.Names}");

        private RegisterDataType DataType(JsonElement element, string key)
        {
            var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            return RegisterDataTypes.TryParse(text, out var type)
                ? type
                : throw Error(key, $"{Show(element)} is not a data type; use one of {RegisterDataTypes.Names}");
        }

        private WordOrder Order(JsonElement element, string key)
        {
            if (element.ValueKind == JsonValueKind.Undefined)
            {
                return WordOrder.Abcd;
            }

            var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            return text is { Length: 4 } && Enum.TryParse<WordOrder>(text, ignoreCase: true, out var order)
                ? order
                : throw Error(key, $"{Show(element)} is not a word order; use one of {WordOrders}");
        }

        private double Scale(JsonElement element, string key)
        {
            if (element.ValueKind == JsonValueKind.Undefined)
            {
                return 1;
            }

            return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var scale) && double.IsFinite(scale) && scale != 0
                ? scale
                : throw Error(key, $"{Show(element)} is not a scale; use a non-zero number such as 1000 (kWh to Wh) or 0.1");
        }

        /// <summary>A register address: a number or a "0x0048" string; 0..65535.</summary>
        private int Register(JsonElement element, string key)
        {
            long value;
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
            {
                value = number;
            }
            else if (element.ValueKind == JsonValueKind.String
                && element.GetString() is { } text
                && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                value = hex;
            }
            else
            {
                throw Error(key, $"{Show(element)} is not a register address; use a number or a hex string such as \"0x0048\" (0..65535)");
            }

            return value is >= 0 and < ModbusLimits.AddressSpace
                ? (int)value
                : throw Error(key, $"{value.ToString(CultureInfo.InvariantCulture)} is not a register address (0..65535; a manual's 30001 or 40001 is address 0)");
        }

        private int WholeNumber(JsonElement element, string key, int min, int max) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= min && value <= max
                ? value
                : throw Error(key, $"{Show(element)} is not a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");

        private JsonElement Required(JsonElement parent, string name, string key) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value
                : throw Error(key, "missing");

        private string RequiredString(JsonElement parent, string name, string key)
        {
            var value = Required(parent, name, key);
            return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw Error(key, $"expected a non-empty string, got {Show(value)}");
        }

        private static string Show(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Undefined => "nothing",
            JsonValueKind.String => $"'{element.GetString()}'",
            _ => element.GetRawText(),
        };

        private ProfileFormatException Error(string key, string message) => new($"{fileName}: {key}: {message}.");
    }
}
