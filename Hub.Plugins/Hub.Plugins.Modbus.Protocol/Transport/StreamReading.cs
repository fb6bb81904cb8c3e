using System.Globalization;

namespace Hub.Plugins.Modbus.Protocol;

/// <summary>Reads an exact number of bytes and names what was missing when the stream ends early.</summary>
internal static class StreamReading
{
    /// <summary>
    /// Fills <paramref name="buffer"/>. Returns false if the stream ended before the first byte and
    /// <paramref name="endBeforeFirstByteIsClean"/>; throws <see cref="ModbusFrameException"/> if it ended part-way.
    /// </summary>
    public static async Task<bool> ReadExactlyAsync(
        Stream stream, Memory<byte> buffer, string what, bool endBeforeFirstByteIsClean, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[read..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0 && endBeforeFirstByteIsClean)
                {
                    return false;
                }

                throw new ModbusFrameException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Short frame: the connection closed after {read} of the {buffer.Length} bytes of the {what}."));
            }

            read += n;
        }

        return true;
    }
}
