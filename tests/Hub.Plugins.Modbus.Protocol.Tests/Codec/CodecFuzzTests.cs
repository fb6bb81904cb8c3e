namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>
/// Seeded random input into the pure layers: whatever arrives on the wire, they answer with a value or a typed
/// Modbus error, never with an index or overflow exception. Deterministic seeds make a failure reproducible.
/// </summary>
public sealed class CodecFuzzTests
{
    private const int Iterations = 20_000;

    [Fact]
    public void ResponseDecoder_AnyPdu_GivesValuesOrATypedError()
    {
        var random = new Random(20240501);
        for (var i = 0; i < Iterations; i++)
        {
            var pdu = RandomPdu(random, [0x03, 0x04, 0x06, 0x10, 0x83, 0x84, 0x86, 0x90]);
            var count = (ushort)random.Next(1, 126);
            try
            {
                Assert.Equal(count, ModbusResponseDecoder.ReadRegisters(pdu, 1, ModbusFunctionCode.ReadHoldingRegisters, 0, count).Length);
            }
            catch (ModbusException)
            {
            }
            catch (ModbusFrameException)
            {
            }

            try
            {
                ModbusResponseDecoder.WriteMultipleRegisters(pdu, 1, 0, count);
            }
            catch (ModbusException)
            {
            }
            catch (ModbusFrameException)
            {
            }
        }
    }

    [Fact]
    public void RequestHandler_AnyPdu_AnswersAResponseOrAnExceptionPdu()
    {
        var bank = new ModbusRegisterBank();
        bank.SetRegisters(1, ModbusRegisterTable.HoldingRegisters, 0, new ushort[200]);
        bank.SetRegisters(1, ModbusRegisterTable.InputRegisters, 0, new ushort[200]);
        var random = new Random(42);
        for (var i = 0; i < Iterations; i++)
        {
            var request = RandomPdu(random, [0x03, 0x04, 0x06, 0x10, 0x01, 0x2B]);
            if (request.Length == 0)
            {
                continue;
            }

            var response = ModbusRequestHandler.Handle(bank, (byte)random.Next(0, 3), request);

            Assert.InRange(response.Length, 2, ModbusLimits.MaxPduLength);
            Assert.Equal(request[0], response[0] & 0x7F);
            if ((response[0] & 0x80) != 0)
            {
                Assert.Equal(2, response.Length);
                Assert.Contains((ModbusExceptionCode)response[1], new[]
                {
                    ModbusExceptionCode.IllegalFunction, ModbusExceptionCode.IllegalDataAddress,
                    ModbusExceptionCode.IllegalDataValue, ModbusExceptionCode.GatewayTargetFailedToRespond,
                });
            }
        }
    }

    [Fact]
    public void RtuLengthRule_AnyPrefix_GivesALengthWithinTheRtuLimitOrAFrameError()
    {
        var random = new Random(7);
        for (var i = 0; i < Iterations; i++)
        {
            var prefix = new byte[random.Next(0, 4)];
            random.NextBytes(prefix);
            try
            {
                var length = RtuFrame.ExpectedResponseLength(prefix);
                if (length is { } l)
                {
                    Assert.InRange(l, 5, RtuFrame.MaxLength);
                }
            }
            catch (ModbusFrameException)
            {
            }
        }
    }

    [Fact]
    public void RegisterEncoderAndDecoder_RoundTripRandomValues_InEveryOrder()
    {
        var random = new Random(99);
        foreach (var order in Enum.GetValues<WordOrder>())
        {
            for (var i = 0; i < 2_000; i++)
            {
                var bits = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                Assert.Equal(bits, RegisterDecoder.ToUInt64(RegisterEncoder.FromUInt64(bits, order), order));
                Assert.Equal((int)bits, RegisterDecoder.ToInt32(RegisterEncoder.FromInt32((int)bits, order), order));
                Assert.Equal((short)bits, RegisterDecoder.ToInt16(RegisterEncoder.FromInt16((short)bits, order), order));
                var single = BitConverter.UInt32BitsToSingle((uint)bits);
                Assert.Equal(BitConverter.SingleToUInt32Bits(single), BitConverter.SingleToUInt32Bits(RegisterDecoder.ToSingle(RegisterEncoder.FromSingle(single, order), order)));
                var dbl = BitConverter.UInt64BitsToDouble(bits);
                Assert.Equal(BitConverter.DoubleToUInt64Bits(dbl), BitConverter.DoubleToUInt64Bits(RegisterDecoder.ToDouble(RegisterEncoder.FromDouble(dbl, order), order)));
            }
        }
    }

    /// <summary>A PDU that is often nearly valid: a known function, plausible lengths and byte counts.</summary>
    private static byte[] RandomPdu(Random random, byte[] functions)
    {
        var pdu = new byte[random.Next(0, 20) switch { 0 => 0, < 15 => random.Next(1, 12), _ => random.Next(1, 260) }];
        random.NextBytes(pdu);
        if (pdu.Length > 0)
        {
            pdu[0] = functions[random.Next(functions.Length)];
        }

        if (pdu.Length > 1 && random.Next(2) == 0)
        {
            pdu[1] = (byte)(pdu.Length - 2);
        }

        if (pdu.Length > 5 && random.Next(2) == 0)
        {
            pdu[3] = 0;
            pdu[4] = (byte)random.Next(0, 5);
            pdu[5] = (byte)(pdu.Length - 6);
        }

        return pdu;
    }
}
