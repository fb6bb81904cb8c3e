using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;

namespace Hub.Plugins.Modbus.Tests.Profiles;

public sealed class ProfileLoaderTests
{
    private const string Good = """
        {
          "name": "eastron-sdm630",
          "document": { "title": "Eastron SDM630 manual", "url": "https://example.com/sdm630.pdf" },
          "defaults": { "function": 4, "type": "float32" },
          "quantities": [
            { "field": "voltageV[L1]", "register": "0x0000" },
            { "field": "voltageV[L2]", "register": 2 },
            { "field": "voltageV[L3]", "register": 4 },
            { "field": "powerW", "register": REGISTER }
          ]
        }
        """;

    [Theory]
    [InlineData("eastron-sdm120")]
    [InlineData("eastron-sdm630")]
    [InlineData("pzem-004t")]
    [InlineData("sunspec")]
    public void Shipped_profiles_load_and_name_their_document(string name)
    {
        var profile = ShippedProfiles.Load(name);
        Assert.Equal(name, profile.Name);
        Assert.False(string.IsNullOrWhiteSpace(profile.DocumentTitle));
        Assert.StartsWith("http", profile.DocumentUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_profile_parses_with_defaults_and_hex_addresses()
    {
        var profile = ProfileLoader.Parse("eastron-sdm630.json", Good.Replace("REGISTER", "\"0x0034\"", StringComparison.Ordinal));
        Assert.Equal(4, profile.Quantities.Count);
        Assert.All(profile.Quantities, q => Assert.Equal(ModbusFunctionCode.ReadInputRegisters, q.Function));
        Assert.Equal(0x34, profile.Quantities[3].Register);
        Assert.Equal(WordOrder.Abcd, profile.Quantities[3].WordOrder);
    }

    [Fact]
    public void A_register_out_of_range_names_the_file_and_key()
    {
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileLoader.Parse("eastron-sdm630.json", Good.Replace("REGISTER", "70000", StringComparison.Ordinal)));
        Assert.StartsWith("eastron-sdm630.json: quantities[3].register: 70000 is not a register address", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"field\": \"voltageV[L1]\"", "\"field\": \"voltage\"", "quantities[0].field: 'voltage' is not a canonical field")]
    [InlineData("\"type\": \"float32\"", "\"type\": \"float\"", "quantities[0].type: 'float' is not a data type")]
    [InlineData("\"function\": 4", "\"function\": 6", "quantities[0].function: 6 is not a read function")]
    [InlineData("\"register\": 2", "\"register\": 2, \"wordOrder\": \"ABDC\"", "quantities[1].wordOrder: 'ABDC' is not a word order")]
    [InlineData("\"register\": 4", "\"register\": 4, \"scale\": 0", "quantities[2].scale: 0 is not a scale")]
    [InlineData("\"voltageV[L2]\"", "\"voltageV[L1]\"", "quantities[1].field: voltageV[L1] is mapped twice")]
    [InlineData("\"url\": \"https://example.com/sdm630.pdf\"", "\"url\": \"sdm630.pdf\"", "document.url: 'sdm630.pdf' is not an http(s) address")]
    [InlineData("\"name\": \"eastron-sdm630\"", "\"name\": \"sdm630\"", "name: 'sdm630' does not match the file name")]
    [InlineData("\"register\": \"0x0000\"", "\"register\": \"0xFFFF\"", "quantities[0].register: 65535 + 2 register(s) of float32 runs past the last register address 65535")]
    public void Bad_profiles_are_rejected_naming_the_key(string original, string replacement, string expected)
    {
        var json = Good.Replace("REGISTER", "52", StringComparison.Ordinal).Replace(original, replacement, StringComparison.Ordinal);
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileLoader.Parse("eastron-sdm630.json", json));
        Assert.Equal("eastron-sdm630.json: " + expected, ex.Message[..("eastron-sdm630.json: " + expected).Length]);
    }

    [Fact]
    public void A_missing_type_names_the_key_and_says_where_to_put_it()
    {
        var json = Good.Replace("REGISTER", "52", StringComparison.Ordinal).Replace(", \"type\": \"float32\"", string.Empty, StringComparison.Ordinal);
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileLoader.Parse("eastron-sdm630.json", json));
        Assert.Equal("eastron-sdm630.json: quantities[0].type: missing (set it on the quantity or in 'defaults').", ex.Message);
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileLoader.Parse("x.json", "{ \"name\": "));
        Assert.StartsWith("x.json: not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_file_in_a_profile_folder_is_reported_with_its_path()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "my-meter.json"), Good.Replace("eastron-sdm630", "my-meter", StringComparison.Ordinal).Replace("REGISTER", "70000", StringComparison.Ordinal));
        var errors = new List<string>();
        var library = ProfileLibrary.Load([ProfileLibrary.ShippedDirectory, dir.Path], errors);
        var error = Assert.Single(errors);
        Assert.Contains("my-meter.json: quantities[3].register: 70000 is not a register address", error, StringComparison.Ordinal);
        Assert.Contains(dir.Path, error, StringComparison.Ordinal);
        Assert.NotNull(library.Find("eastron-sdm630"));
        Assert.Null(library.Find("my-meter"));
    }
}
