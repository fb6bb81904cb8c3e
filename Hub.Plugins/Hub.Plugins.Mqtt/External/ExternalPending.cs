using Hub.Plugins.Abstractions;
using MQTTnet;

namespace Hub.Plugins.Mqtt.External;

/// <summary>A message from the external broker waiting for its acknowledgement: a reading being ingested, or a refused message.</summary>
/// <param name="Message">The MQTTnet event whose AcknowledgeAsync sends the PUBACK.</param>
/// <param name="MeterId">The meter whose reading is being ingested; null for a refused message.</param>
/// <param name="Ingest">The pending ingest (default for a refused message).</param>
internal readonly record struct ExternalPending(MqttApplicationMessageReceivedEventArgs Message, string? MeterId, ValueTask<IngestOutcome> Ingest);
