using Microsoft.Playwright;

namespace SmartMeter.Peers;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>, installed by the project's scripts) driven by Microsoft.Playwright —
/// never a downloaded browser: <c>playwright install</c> is not used anywhere.
/// </summary>
public static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Headless, without the sandbox (containers, CI) and without the background traffic a test does not want.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"{ExecutablePath} is missing: run ./smartmeter test (it installs the Debian package chromium).", ExecutablePath);
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }).ConfigureAwait(false);
    }
}
