using System.Net.Http.Headers;

namespace Hub.WebUi.Tests.Support;

/// <summary>A minimal server-sent events reader over a real HTTP connection, frame by frame.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> OpenAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/events", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new SseClient(response, new StreamReader(stream));
    }

    /// <summary>The lines of the next frame (up to the blank line); null when the server ended the stream.</summary>
    public async Task<List<string>?> ReadFrameAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token);
            if (line is null)
            {
                return lines.Count == 0 ? null : lines;
            }

            if (line.Length == 0)
            {
                if (lines.Count > 0)
                {
                    return lines;
                }

                continue;
            }

            lines.Add(line);
        }
    }

    /// <summary>The next frame that carries an event (skipping retry hints and comments): its name and data.</summary>
    public async Task<(string Event, string Data)> ReadEventAsync(TimeSpan timeout)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeout) ?? throw new InvalidOperationException("the server ended the stream");
            var name = frame.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal));
            if (name is null)
            {
                continue;
            }

            var data = frame.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
            Assert.Single(data); // one line of JSON per event
            return (name["event: ".Length..], data[0]["data: ".Length..]);
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
