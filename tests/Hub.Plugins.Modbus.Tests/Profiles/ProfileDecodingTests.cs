using Hub.Plugins.Modbus.Polling;
using Hub.Plugins.Modbus.Profiles;
using Hub.Plugins.Modbus.Protocol;
using Hub.Plugins.Modbus.SunSpec;

namespace Hub.Plugins.Modbus.Tests.Profiles;

/// <summary>Each shipped profile decodes a recorded register block (hex vectors) to the canonical reading.</summary>
public sealed class ProfileDecodingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sdm630_decodes_per_phase_values_totals_and_kwh_as_wh()
    {
        // 0x0000.. as a SDM630 answers: 230.1/231.2/229.8 V, 1.5/2.5/3.5 A, 300/400/500 W, then zeros up to
        // 0x0034 total power 1200 W, 0x0046 50.02 Hz, 0x0048 1234.5 kWh import, 0x004A 12.25 kWh export.
        var registers = new ushort[0x4C];
        ushort[] head = [0x4366, 0x199A, 0x4367, 0x3333, 0x4365, 0xCCCD, 0x3FC0, 0x0000, 0x4020, 0x0000, 0x4060, 0x0000, 0x4396, 0x0000, 0x43C8, 0x0000, 0x43FA, 0x0000];
        head.CopyTo(registers, 0);
        ushort[] total = [0x4496, 0x0000];
        total.CopyTo(registers, 0x34);
        ushort[] tail = [0x4248, 0x147B, 0x449A, 0x5000, 0x4144, 0x0000];
        tail.CopyTo(registers, 0x46);

        var reader = new ProfileReader(ShippedProfiles.Load("eastron-sdm630"));
        var snapshot = new RegisterSnapshot();
        snapshot.Add(Assert.Single(reader.Blocks), registers);
        var reading = reader.Decode(snapshot).Build("house", At)!;

        Assert.Equal([230.1, 231.2, 229.8], reading.VoltageV!.Select(v => Math.Round(v, 2)));
        Assert.Equal([1.5, 2.5, 3.5], reading.CurrentA!);
        Assert.Equal(1200, reading.PowerW);
        Assert.Equal(50.02, reading.FrequencyHz!.Value, 3);
        Assert.Equal(1_234_500, reading.EnergyImportWh);
        Assert.Equal(12_250, reading.EnergyExportWh);
        Assert.Equal(At, reading.Timestamp);
        Assert.Null(reading.Seq);
    }

    [Fact]
    public void Sdm120_decodes_single_phase_block()
    {
        var registers = new ushort[0x4C];
        ushort[] voltage = [0x4365, 0x8000];          // 229.5 V
        ushort[] current = [0x4088, 0x0000];          // 4.25 A
        ushort[] power = [0x4473, 0xE000];            // 975.5 W
        ushort[] energy = [0x4247, 0xEB85, 0x43A0, 0xE000, 0x3F00, 0x0000]; // 49.98 Hz, 321.75 kWh, 0.5 kWh
        voltage.CopyTo(registers, 0x00);
        current.CopyTo(registers, 0x06);
        power.CopyTo(registers, 0x0C);
        energy.CopyTo(registers, 0x46);

        var reader = new ProfileReader(ShippedProfiles.Load("eastron-sdm120"));
        var snapshot = new RegisterSnapshot();
        snapshot.Add(Assert.Single(reader.Blocks), registers);
        var reading = reader.Decode(snapshot).Build("garage", At)!;

        Assert.Equal([229.5], reading.VoltageV!);
        Assert.Equal([4.25], reading.CurrentA!);
        Assert.Equal(975.5, reading.PowerW);
        Assert.Equal(49.98, reading.FrequencyHz!.Value, 3);
        Assert.Equal(321_750, reading.EnergyImportWh);
        Assert.Equal(500, reading.EnergyExportWh);
    }

    [Fact]
    public void Pzem004t_decodes_the_manuals_example_reply()
    {
        // The manual's example answer to "read input registers 0..9": 220.0 V, 1.000 A, 220.0 W, 0 Wh, 50.0 Hz,
        // PF 1.00, no alarm; 32-bit values low word first.
        ushort[] registers = [0x0898, 0x03E8, 0x0000, 0x0898, 0x0000, 0x0000, 0x0000, 0x01F4, 0x0064, 0x0000];
        var reader = new ProfileReader(ShippedProfiles.Load("pzem-004t"));
        var block = Assert.Single(reader.Blocks);
        Assert.Equal(new ReadBlock(ModbusFunctionCode.ReadInputRegisters, 0, 8), block);
        var snapshot = new RegisterSnapshot();
        snapshot.Add(block, registers[..8]);
        var reading = reader.Decode(snapshot).Build("plug", At)!;

        Assert.Equal(220.0, reading.VoltageV![0], 6);
        Assert.Equal(1.0, reading.CurrentA![0], 6);
        Assert.Equal(220.0, reading.PowerW!.Value, 6);
        Assert.Equal(0, reading.EnergyImportWh);
        Assert.Equal(50.0, reading.FrequencyHz!.Value, 6);
    }

    [Fact]
    public void Pzem004t_low_word_first_counters_above_65535()
    {
        // 70000 Wh = 0x0001_1170: low word 0x1170 first, then 0x0001.
        ushort[] registers = [0x08FC, 0x2710, 0x0000, 0x5C12, 0x0000, 0x1170, 0x0001, 0x01F3];
        var reader = new ProfileReader(ShippedProfiles.Load("pzem-004t"));
        var snapshot = new RegisterSnapshot();
        snapshot.Add(reader.Blocks[0], registers);
        var reading = reader.Decode(snapshot).Build("plug", At)!;

        Assert.Equal(230.0, reading.VoltageV![0], 6);
        Assert.Equal(10.0, reading.CurrentA![0], 6);
        Assert.Equal(2357.0, reading.PowerW!.Value, 6);
        Assert.Equal(70_000, reading.EnergyImportWh);
        Assert.Equal(49.9, reading.FrequencyHz!.Value, 6);
    }

    [Fact]
    public void SunSpec_meter_model_203_applies_scale_factors()
    {
        var profile = ShippedProfiles.Load("sunspec").SunSpec!;
        var map = profile.Models.Single(m => m.Ids.Contains(203));
        var registers = new ushort[105];
        registers[0] = 150; registers[1] = 50; registers[2] = 60; registers[3] = 40; registers[4] = unchecked((ushort)-1); // A, AphA..C, A_SF=-1
        registers[6] = 2301; registers[7] = 2312; registers[8] = 2298; registers[13] = unchecked((ushort)-1);         // PhVphA..C, V_SF=-1
        registers[14] = 5002; registers[15] = unchecked((ushort)-2);                                                   // Hz, Hz_SF=-2
        registers[16] = 345; registers[20] = 1;                                                                        // W=345, W_SF=1 -> 3450 W
        registers[36] = 0x0001; registers[37] = 0x86A0;                                                                // TotWhExp = 100000
        registers[44] = 0x000F; registers[45] = 0x4240;                                                                // TotWhImp = 1000000
        registers[52] = 1;                                                                                             // TotWh_SF = 1 (x10)

        var reading = SunSpecReader.Decode(map, registers).Build("grid", At)!;

        Assert.Equal([5.0, 6.0, 4.0], reading.CurrentA!.Select(a => Math.Round(a, 6)));
        Assert.Equal([230.1, 231.2, 229.8], reading.VoltageV!.Select(v => Math.Round(v, 6)));
        Assert.Equal(50.02, reading.FrequencyHz!.Value, 6);
        Assert.Equal(3450, reading.PowerW!.Value, 6);
        Assert.Equal(1_000_000, reading.EnergyExportWh!.Value, 6);
        Assert.Equal(10_000_000, reading.EnergyImportWh!.Value, 6);
    }

    [Fact]
    public void SunSpec_inverter_model_101_skips_not_implemented_phases_and_reports_production_as_export()
    {
        var profile = ShippedProfiles.Load("sunspec").SunSpec!;
        var map = profile.Models.Single(m => m.Ids.Contains(101));
        var registers = new ushort[50];
        registers[1] = 123; registers[2] = 0xFFFF; registers[3] = 0xFFFF; registers[4] = unchecked((ushort)-1); // AphA=12.3 A, B/C not implemented
        registers[8] = 2305; registers[9] = 0xFFFF; registers[10] = 0xFFFF; registers[11] = unchecked((ushort)-1);
        registers[12] = 2840; registers[13] = 0;                                                                   // W = 2840
        registers[14] = 4999; registers[15] = unchecked((ushort)-2);
        registers[22] = 0x0012; registers[23] = 0xD687; registers[24] = 0;                                        // WH = 1234567

        var reading = SunSpecReader.Decode(map, registers).Build("solar", At)!;

        Assert.Equal([12.3], reading.CurrentA!.Select(a => Math.Round(a, 6)));
        Assert.Equal([230.5], reading.VoltageV!.Select(v => Math.Round(v, 6)));
        Assert.Equal(-2840, reading.PowerW);
        Assert.Equal(49.99, reading.FrequencyHz!.Value, 6);
        Assert.Equal(1_234_567, reading.EnergyExportWh);
        Assert.Null(reading.EnergyImportWh);
    }
}
