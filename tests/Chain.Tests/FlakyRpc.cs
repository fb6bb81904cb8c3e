using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmartMeter.Peers;

namespace Chain.Tests;

/// <summary>
/// A tiny HTTP server in front of anvil that answers the hub's JSON-RPC calls as <see cref="Mode"/> says: forwarded,
/// a JSON-RPC error, garbage, or never (the connection hangs). Switching to forward shows the hub catching up.
/// </summary>
public sealed class FlakyRpc : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly HttpClient _http = new();
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FlakyRpc(string target, RpcMode mode)
    {
        _target = new Uri(target + "/");
        Mode = mode;
        _listener.Start();
        Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _loop = Task.Run(AcceptAsync);
    }

    public enum RpcMode
    {
        Forward,
        Error,
        Garbage,
        Hang,
    }

    public string Url { get; }

    public RpcMode Mode { get; set; }

    public int Requests { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var body = await ReadRequestAsync(stream);
                Requests++;
                string status = "200 OK", response;
                switch (Mode)
                {
                    case RpcMode.Hang:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    case RpcMode.Error:
                        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetRawText();
                        response = $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32603,\"message\":\"internal error: backend database is corrupt\"}}}}";
                        break;
                    case RpcMode.Garbage:
                        response = "<html><body>502 upstream gone \u0000\u0001</body></html>";
                        break;
                    default:
                        using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
                        using (var forwarded = await _http.PostAsync(_target, content, _stop.Token))
                        {
                            response = await forwarded.Content.ReadAsStringAsync(_stop.Token);
                        }

                        break;
                }

                var bytes = Encoding.UTF8.GetBytes(response);
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or HttpRequestException)
            {
                // The hub gave up (timeout) or the test ends.
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                throw new IOException("closed before the headers");
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var headers = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
        var length = headers.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (buffer.Count < headerEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                break;
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        return Encoding.UTF8.GetString(buffer.GetRange(headerEnd + 4, Math.Min(length, buffer.Count - headerEnd - 4)).ToArray());
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
