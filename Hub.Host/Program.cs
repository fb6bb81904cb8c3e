using Hub.Host;
using Hub.Ledger;
using Hub.Ledger.Chain;
using Hub.Plugins.Modbus;
using Hub.Plugins.Coap;
using Hub.Plugins.Dsmr;
using Hub.Plugins.Sml;
using Hub.Plugins.Http;
using Hub.Plugins.Mqtt;
using Hub.WebUi;

// The composition root: configuration, systemd, the ledger, one line per plugin, the web UI.
return await HubEntryPoint.RunAsync(args, builder =>
{
    builder.AddHubLedger();
    builder.AddHubChain();
    builder.AddMqttMeters();
    builder.AddModbusMeters();
    builder.AddCoapMeters();
    builder.AddHttpMeters();
    builder.AddDsmrMeters();
    builder.AddSmlMeters();
    builder.AddHubWebUi();
});
