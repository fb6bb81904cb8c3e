using Hub.Plugins.Abstractions;

namespace Hub.Plugins.Mqtt.Ingest;

/// <summary>What the plugin does once the hub has decided about a reading: count it, mark the meter online, report a refusal.</summary>
internal sealed class ReadingOutcomes(MqttPluginCounters counters, MeterPresence presence, MqttProblemReporter problems)
{
    public MqttPluginCounters Counters => counters;

    /// <summary>Records a durable outcome; for a rejected one, reports it with the source <paramref name="describeSource"/> gives.</summary>
    public void Record<TSource>(string meterId, in IngestOutcome outcome, TSource source, Func<TSource, string> describeSource)
    {
        switch (outcome.Status)
        {
            case IngestStatus.Stored:
                counters.CountStored();
                presence.ReadingArrived(meterId);
                break;
            case IngestStatus.Duplicate:
                counters.CountDuplicate();
                presence.ReadingArrived(meterId);
                break;
            default:
                counters.CountRejected();
                problems.Report(IngestProblemKind.MalformedPayload, meterId, $"the hub refused the reading: {outcome.Detail ?? "no reason given"}", describeSource(source));
                break;
        }
    }
}
