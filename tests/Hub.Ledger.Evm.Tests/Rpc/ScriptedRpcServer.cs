using System.Net;
using System.Text;
using System.Text.Json;
using SmartMeter.Peers;

namespace Hub.Ledger.Evm.Tests.Rpc;

/// <summary>
/// An HTTP endpoint on a loopback port that answers each request as the test scripts it: the transport seam where a
/// real node cannot be made to misbehave (garbage, wrong ids, hangs).
/// </summary>
public sealed class ScriptedRpcServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<long, ScriptedReply> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedRpcServer(Func<long, ScriptedReply> reply)
    {
        _reply = reply;
        var port = FreePort.Next();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5)));
        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
            var reply = _reply(request.RootElement.GetProperty("id").GetInt64());
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token);
            }

            // One connection per request: HttpListener may drop an idle kept-alive connection just as the client reuses it.
            context.Response.KeepAlive = false;
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client gave up (timeout test) or the server stops: nothing to answer.
        }
    }
}
