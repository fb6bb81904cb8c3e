using System.Net;
using System.Net.Sockets;

namespace SmartMeter.Peers;

/// <summary>OS-assigned TCP ports on loopback, so that tests never collide with each other or with a demo on 8080/1883.</summary>
public static class FreePort
{
    /// <summary>Binds port 0 on 127.0.0.1, reads the port the kernel chose, and releases it for the peer to take.</summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>
    /// True when a socket listens on 127.0.0.1:<paramref name="port"/> or on any address, read from /proc/net/tcp
    /// without connecting (a one-shot server such as <c>socat TCP-LISTEN</c> would take the probe as its client).
    /// </summary>
    public static bool IsListeningQuietly(int port)
    {
        var suffix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $":{port:X4}");
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // "  sl  local_address rem_address   st …": st 0A = LISTEN (include/net/tcp_states.h).
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[3] == "0A" && fields[1].EndsWith(suffix, StringComparison.Ordinal)
                && (fields[1].StartsWith("0100007F", StringComparison.Ordinal) || fields[1].StartsWith("00000000", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
