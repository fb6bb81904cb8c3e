namespace Hub.WebUi;

/// <summary>Tuning of the live event stream. Not part of <c>hub.json</c>; the defaults are what the page expects.</summary>
public sealed class WebUiOptions
{
    /// <summary>How often <c>/api/events</c> sends a <c>: keepalive</c> comment, so proxies and browsers keep an idle stream open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>retry:</c> hint sent to EventSource clients: how long a browser waits before reconnecting.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);
}
