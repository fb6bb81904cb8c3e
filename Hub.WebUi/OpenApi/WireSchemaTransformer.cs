using Hub.Plugins.Abstractions;
using Hub.WebUi.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hub.WebUi.OpenApi;

/// <summary>
/// Describes the types whose wire form a custom converter writes, which the schema generator cannot see into:
/// <see cref="ReadingView"/> (canonical reading + hub fields) and times (ISO 8601 UTC strings with ms and Z).
/// </summary>
internal sealed class WireSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset))
        {
            Time(schema, nullable: false);
        }
        else if (type == typeof(DateTimeOffset?))
        {
            Time(schema, nullable: true);
        }
        else if (type == typeof(ReadingView))
        {
            DescribeReading(schema);
        }
        else if (type == typeof(IReadOnlyList<ReadingView>))
        {
            // The generator leaves out the items of a list whose element has a custom converter.
            schema.Items = await context.GetOrCreateSchemaAsync(typeof(ReadingView), null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Time(OpenApiSchema schema, bool nullable)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        schema.Format = "date-time";
    }

    private static void DescribeReading(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["id"] = Integer("The store's id, increasing in commit order.", nullable: false),
            ["meterId"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = MeterId.Pattern, Description = "The configured meter id." },
            ["timestamp"] = TimeSchema("Meter time where the meter gives one, else the hub's receive time."),
            ["energyImportWh"] = Number("Cumulative imported energy, Wh."),
            ["energyExportWh"] = Number("Cumulative exported energy, Wh."),
            ["powerW"] = Number("Power in W, signed: negative means export."),
            ["voltageV"] = Phases("Voltage per phase (L1, L2, L3), V."),
            ["currentA"] = Phases("Current per phase (L1, L2, L3), A."),
            ["frequencyHz"] = Number("Grid frequency, Hz."),
            ["seq"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Description = "The meter's own sequence number (uint64)." },
            ["signature"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Hex secp256k1 signature by the meter's key, when the meter signs." },
            ["receivedAt"] = TimeSchema("When the hub received it."),
            ["valid"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "True when every verdict is ok." },
            ["verdicts"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "Every validation rule's judgement.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["rule"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "range, counter-monotonic, timestamp, duplicate." },
                        ["ok"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Why, in words." },
                    },
                    Required = new HashSet<string>(StringComparer.Ordinal) { "rule", "ok", "detail" },
                },
            },
            ["blockHeight"] = Integer("The block that seals it; null until sealed.", nullable: true),
        };
        schema.Required = new HashSet<string>(StringComparer.Ordinal)
        {
            "id", "meterId", "timestamp", "receivedAt", "valid", "verdicts", "blockHeight",
        };
    }

    private static OpenApiSchema TimeSchema(string description) =>
        new() { Type = JsonSchemaType.String, Format = "date-time", Description = description + " ISO 8601 UTC with ms and Z." };

    private static OpenApiSchema Number(string description) =>
        new() { Type = JsonSchemaType.Number, Format = "double", Description = description + " Absent when the meter does not give it." };

    private static OpenApiSchema Integer(string description, bool nullable) =>
        new() { Type = nullable ? JsonSchemaType.Integer | JsonSchemaType.Null : JsonSchemaType.Integer, Format = "int64", Description = description };

    private static OpenApiSchema Phases(string description) =>
        new()
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
            MinItems = 1,
            MaxItems = 3,
            Description = description + " Absent when the meter does not give it.",
        };
}
