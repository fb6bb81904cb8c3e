using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMeter.Peers;

namespace EndToEnd.Tests;

/// <summary>
/// <c>Alerts:WebhookUrl</c> through the real hub: an alert is POSTed to a real HTTP listener in the test, and a webhook
/// that never answers is retried and counted in /health while ingest goes on undelayed.
/// </summary>
public sealed class AlertWebhookTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_invalid_reading_is_posted_to_the_webhook_as_json()
    {
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var received = new ConcurrentQueue<(string Method, string? ContentType, string Body)>();
        var serving = ServeAsync(listener, received);

        await using var scope = await HubScope.StartAsync(["house"], c => c with
        {
            ExtraSections = new Dictionary<string, JsonNode> { ["Alerts"] = new JsonObject { ["WebhookUrl"] = $"http://127.0.0.1:{port}/hook/alerts?key=secret" } },
        });
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        var meter = scope.Config.Meter("house");
        Assert.Equal(0, (await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(Readings.Household("house", 1, start) with { PowerW = 9_000_000 }))).ExitCode);

        await scope.Hub.EventuallyAsync(() => Task.FromResult(!received.IsEmpty), Wait, "a POST to the webhook");
        var (method, contentType, body) = Assert.Single(received);
        Assert.Equal("POST", method);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        var apiAlert = Assert.Single(await scope.Hub.AlertsAsync());
        var invalid = Assert.Single(await scope.Hub.AllReadingsAsync("house"));
        Assert.Equal(apiAlert.GetProperty("id").GetInt64(), json.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("invalid-reading", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("house", json.RootElement.GetProperty("meterId").GetString());
        Assert.Equal(invalid.GetProperty("id").GetInt64(), json.RootElement.GetProperty("readingId").GetInt64());
        Assert.Equal(apiAlert.GetProperty("message").GetString(), json.RootElement.GetProperty("message").GetString());
        Assert.Equal(apiAlert.GetProperty("at").GetString(), json.RootElement.GetProperty("at").GetString());

        // The hub counts a delivery once it has read the answer, which the listener writes after recording the POST.
        JsonElement webhook = default;
        await scope.Hub.EventuallyAsync(
            async () =>
            {
                webhook = (await scope.Hub.GetJsonAsync("/health")).GetProperty("outputs").GetProperty("webhook");
                return webhook.GetProperty("details").GetProperty("delivered").GetInt64() >= 1;
            },
            Wait,
            "the delivery counted");
        Assert.Equal("delivering", webhook.GetProperty("status").GetString());
        Assert.Equal(1, webhook.GetProperty("details").GetProperty("delivered").GetInt64());
        // The query string may hold a secret: /health shows the URL without it.
        Assert.Equal($"http://127.0.0.1:{port}/hook/alerts", webhook.GetProperty("details").GetProperty("url").GetString());

        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task A_webhook_that_never_answers_is_retried_and_counted_and_does_not_delay_ingest()
    {
        // Accepts connections and reads nothing back: every POST waits for its timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new ConcurrentBag<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = AcceptForeverAsync(silent, held, stop.Token);

        await using var scope = await HubScope.StartAsync(["house"], c => c with
        {
            ExtraSections = new Dictionary<string, JsonNode>
            {
                ["Alerts"] = new JsonObject { ["WebhookUrl"] = $"http://127.0.0.1:{silentPort}/hook", ["WebhookTimeoutSeconds"] = 2, ["WebhookAttempts"] = 2 },
            },
        });
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        var meter = scope.Config.Meter("house");
        const int Alerts = 4;
        for (ulong seq = 1; seq <= Alerts; seq++)
        {
            Assert.Equal(0, (await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(Readings.Household("house", seq, start) with { PowerW = 9_000_000 }))).ExitCode);
        }

        // Each alert costs the webhook at least 2 s + 1 s back-off + 2 s: about 20 s for all four. A valid reading
        // now is acknowledged (PUBACK after fsync) and stored while the webhook is still busy with them.
        var valid = Readings.Household("house", Alerts + 1, start);
        Assert.Equal(0, (await MosquittoClients.PublishAsync(scope.BrokerPort, meter, Readings.Json(valid))).ExitCode);
        var stored = await scope.Hub.AllReadingsAsync("house");
        Assert.Equal(Alerts + 1, stored.Count);
        Assert.True(stored[^1].GetProperty("valid").GetBoolean());
        var busy = (await scope.Hub.GetJsonAsync("/health")).GetProperty("outputs").GetProperty("webhook").GetProperty("details");
        Assert.True(busy.GetProperty("failed").GetInt64() < Alerts, $"the webhook already gave up on every alert before the valid reading was stored: {busy}");
        Assert.Equal(0, busy.GetProperty("delivered").GetInt64());

        await scope.Hub.EventuallyAsync(
            async () => (await scope.Hub.GetJsonAsync("/health")).GetProperty("outputs").GetProperty("webhook").GetProperty("details").GetProperty("failed").GetInt64() == Alerts,
            TimeSpan.FromSeconds(60),
            "every alert given up after 2 attempts");
        var (status, health) = await scope.Hub.HealthAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        var webhook = health.GetProperty("outputs").GetProperty("webhook");
        Assert.Equal("failing", webhook.GetProperty("status").GetString());
        Assert.Equal(Alerts, webhook.GetProperty("details").GetProperty("retries").GetInt64());
        Assert.Contains("no answer within 2 s", webhook.GetProperty("details").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("was not delivered after 2 attempts", scope.Hub.Log, StringComparison.Ordinal);

        await stop.CancelAsync();
        silent.Stop();
        await accepting;
        foreach (var client in held)
        {
            client.Dispose();
        }
    }

    private static async Task ServeAsync(HttpListener listener, ConcurrentQueue<(string, string?, string)> received)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            received.Enqueue((context.Request.HttpMethod, context.Request.ContentType, await reader.ReadToEndAsync()));
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    private static async Task AcceptForeverAsync(TcpListener listener, ConcurrentBag<TcpClient> held, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                held.Add(await listener.AcceptTcpClientAsync(cancellationToken));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test is over.
        }
    }
}
