namespace Hub.Ledger;

/// <summary>The <c>Alerts</c> section of <c>hub.json</c>: where alerts go besides <c>/api/alerts</c> and the live page.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>An http(s) URL that each alert is POSTed to as JSON; null (absent) = no webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>How long one POST may take before it counts as failed.</summary>
    public double WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>POSTs per alert at most (the first and its retries) before the alert is given up and counted as failed.</summary>
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>Alerts waiting for the webhook at most; beyond it the oldest waiting alert is dropped and counted.</summary>
    public int WebhookQueueSize { get; set; } = 1000;
}
