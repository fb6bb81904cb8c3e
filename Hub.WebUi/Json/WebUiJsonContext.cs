using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Ledger;
using Hub.WebUi.Api;

namespace Hub.WebUi.Json;

/// <summary>
/// Source-generated metadata for everything the API writes (no reflection at start on a Pi). Nulls are written,
/// not omitted: scripts can rely on every documented field being present.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(HealthSummaryView))]
[JsonSerializable(typeof(Hub.WebUi.Auth.SessionView))]
[JsonSerializable(typeof(Hub.WebUi.Auth.UserView))]
[JsonSerializable(typeof(List<Hub.WebUi.Auth.UserView>))]
[JsonSerializable(typeof(List<Hub.WebUi.Auth.TokenView>))]
[JsonSerializable(typeof(Hub.WebUi.Auth.NewTokenView))]
[JsonSerializable(typeof(IReadOnlyList<MeterView>))]
[JsonSerializable(typeof(ReadingPageView))]
[JsonSerializable(typeof(ReadingView))]
[JsonSerializable(typeof(AlertListView))]
[JsonSerializable(typeof(BlockListView))]
[JsonSerializable(typeof(BlockView))]
[JsonSerializable(typeof(ProofView))]
[JsonSerializable(typeof(BillListView))]
[JsonSerializable(typeof(BillView))]
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(MarketOffersView))]
[JsonSerializable(typeof(MarketTradesView))]
[JsonSerializable(typeof(Hub.Ledger.Market.MarketOrderView))]
[JsonSerializable(typeof(MarketOrderBody))]
[JsonSerializable(typeof(SeriesView))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
public sealed partial class WebUiJsonContext : JsonSerializerContext;
