using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Hub.WebUi.Auth;

/// <summary>
/// <c>Hub:AllowedHosts</c>: the names and addresses the hub answers to (a leading <c>*.</c> matches any subdomain).
/// Default: loopback, the machine's hostname and its <c>.local</c> name, and its own addresses. Anything else —
/// a DNS-rebound name pointing at the hub — gets 400.
/// </summary>
internal sealed class HostAllowList
{
    private readonly string[] _exact;
    private readonly string[] _suffixes;

    public HostAllowList(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Hub:AllowedHosts").Get<string[]>();
        var hosts = configured is { Length: > 0 } ? configured : Defaults();
        _exact = [.. hosts.Where(h => !h.StartsWith("*.", StringComparison.Ordinal)).Select(Normalize)];
        _suffixes = [.. hosts.Where(h => h.StartsWith("*.", StringComparison.Ordinal)).Select(h => Normalize(h[1..]))];
    }

    public bool Allows(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = Normalize(host.Host);
        return _exact.Contains(name, StringComparer.Ordinal) || _suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    private static string Normalize(string host) => host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    private static string[] Defaults()
    {
        var hostName = Dns.GetHostName();
        var hosts = new List<string> { "localhost", "127.0.0.1", "::1", hostName, hostName + ".local" };
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                hosts.AddRange(nic.GetIPProperties().UnicastAddresses.Select(a => a.Address.ToString().Split('%')[0]));
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list: loopback and the names still work.
        }

        return [.. hosts];
    }
}
