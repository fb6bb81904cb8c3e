namespace Hub.Plugins.Modbus.Protocol.Tests;

/// <summary>A serial line made of a <see cref="ScriptedStream"/>.</summary>
internal sealed class ScriptedSerialLink(ScriptedStream stream) : ISerialLink
{
    public Stream Stream => stream;

    public int Discards { get; private set; }

    public bool IsDisposed { get; private set; }

    public void DiscardInput()
    {
        Discards++;
        stream.Discard();
    }

    public void Dispose() => IsDisposed = true;
}
