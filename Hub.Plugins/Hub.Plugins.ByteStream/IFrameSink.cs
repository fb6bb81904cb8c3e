namespace Hub.Plugins.ByteStream;

/// <summary>A plugin's framer and decoder behind a <see cref="StreamMeterRunner"/>.</summary>
public interface IFrameSink
{
    /// <summary>Bytes as they arrived; the sink frames them, decodes whole frames and ingests their readings.</summary>
    /// <returns>How many frames were decoded and handed on (good ones, not refused).</returns>
    ValueTask<int> OnBytesAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The connection was lost or reopened: a half-received frame is dropped.</summary>
    void Reset();
}
