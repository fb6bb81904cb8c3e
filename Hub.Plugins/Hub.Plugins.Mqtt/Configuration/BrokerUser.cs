namespace Hub.Plugins.Mqtt.Configuration;

/// <summary>An extra (non-meter) user of the embedded broker.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password.</param>
/// <param name="Subscribe">Topic filters the user may subscribe within.</param>
internal sealed record BrokerUser(string Username, string Password, IReadOnlyList<string> Subscribe);
