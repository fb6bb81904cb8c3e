using System.Text.Json.Serialization;
using Hub.Ledger;
using Hub.WebUi.Json;

namespace Hub.WebUi.Api;

/// <summary>
/// A stored reading on the wire: the canonical fields (written by <c>ReadingJson.WriteFields</c>, so there is one
/// wire form) plus <c>id</c>, <c>receivedAt</c>, <c>valid</c>, <c>verdicts</c> and <c>blockHeight</c>.
/// </summary>
[JsonConverter(typeof(ReadingViewJsonConverter))]
public sealed record ReadingView(StoredReading Stored);
