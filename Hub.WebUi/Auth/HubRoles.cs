namespace Hub.WebUi.Auth;

/// <summary>
/// The three roles (docs/security.md "Roles") and the authorization policies named after them. The policies nest:
/// an owner may do whatever an installer may, an installer whatever a viewer may.
/// </summary>
public static class HubRoles
{
    public const string Owner = "owner";
    public const string Installer = "installer";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Installer, Viewer];

    public static bool IsKnown(string? role) => role is Owner or Installer or Viewer;
}
