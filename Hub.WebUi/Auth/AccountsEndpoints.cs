using Hub.WebUi.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Hub.WebUi.Auth;

/// <summary>The owner's users and API tokens: <c>/api/users</c>, <c>/api/tokens</c>.</summary>
internal static class AccountsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var owner = api.MapGroup(string.Empty).RequireAuthorization(HubRoles.Owner).WithTags("Accounts");
        owner.MapGet("/users", (AccountStore accounts) => TypedResults.Ok(accounts.Users.Select(UserView.From).ToList()))
            .WithName("ListUsers").WithSummary("Users and their roles")
            .WithDescription("Owner only. Roles: owner (everything), installer (meters, plugins, diagnostics; no money, orders or export), viewer (read only).");
        owner.MapPost("/users", AddUserAsync)
            .WithName("AddUser").WithSummary("Add a user: {\"name\", \"role\": \"installer\"|\"viewer\"|\"owner\", \"password\"}");
        owner.MapDelete("/users/{name}", RemoveUser)
            .WithName("RemoveUser").WithSummary("Remove a user, its sessions and the tokens it made (not yourself)");
        owner.MapGet("/tokens", (AccountStore accounts) => TypedResults.Ok(accounts.Tokens.Select(TokenView.From).ToList()))
            .WithName("ListTokens").WithSummary("API tokens (without their secrets)")
            .WithDescription("Owner only. A token acts with its role; send it as Authorization: Bearer smh_….");
        owner.MapPost("/tokens", AddTokenAsync)
            .WithName("CreateToken").WithSummary("Create an API token: {\"name\", \"role\"}; the answer's token is shown this once");
        owner.MapDelete("/tokens/{id}", RevokeToken)
            .WithName("RevokeToken").WithSummary("Revoke an API token: it is refused (401) from the next request");
    }

    internal static async Task<IResult> AddUserAsync(HttpContext context, AccountStore accounts, ILoggerFactory loggers)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name") ?? string.Empty;
        var role = body.String("role");
        var password = body.String("password");
        if (!AuthEndpoints.ValidName(name))
        {
            return Problems.BadParameter("name", "1 to 64 letters, digits, '.', '-' or '_'.");
        }

        if (!HubRoles.IsKnown(role))
        {
            return Problems.BadParameter("role", "expected owner, installer or viewer.");
        }

        if (PasswordRules.Check(password) is { } bad)
        {
            return Problems.BadParameter("password", bad["password: ".Length..]);
        }

        try
        {
            var user = accounts.AddUser(name, role!, PasswordHasher.Hash(password!));
            AuthLog.AccountChanged(loggers.CreateLogger(WebUiLog.Category), context.User.Identity!.Name!, "added user", user.Name);
            return TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.Name)}", UserView.From(user));
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "User not added", detail: ex.Message);
        }
    }

    internal static IResult RemoveUser(HttpContext context, AccountStore accounts, ILoggerFactory loggers, string name)
    {
        if (string.Equals(name, context.User.Identity!.Name, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not yourself", detail: "The owner cannot remove their own account.");
        }

        if (!accounts.RemoveUser(name))
        {
            return Problems.NotFound("User not found", $"No user is called '{Problems.Clip(name)}'.");
        }

        AuthLog.AccountChanged(loggers.CreateLogger(WebUiLog.Category), context.User.Identity!.Name!, "removed user", name);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> AddTokenAsync(HttpContext context, AccountStore accounts, ILoggerFactory loggers)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name") ?? string.Empty;
        var role = body.String("role");
        if (!AuthEndpoints.ValidName(name))
        {
            return Problems.BadParameter("name", "1 to 64 letters, digits, '.', '-' or '_'.");
        }

        if (!HubRoles.IsKnown(role))
        {
            return Problems.BadParameter("role", "expected owner, installer or viewer.");
        }

        try
        {
            var (token, secret) = accounts.AddToken(name, role!, context.User.Identity!.Name!);
            AuthLog.AccountChanged(loggers.CreateLogger(WebUiLog.Category), context.User.Identity!.Name!, "created API token", token.Name);
            return TypedResults.Created($"/api/tokens/{token.Id}", new NewTokenView(token.Id, token.Name, token.Role, secret));
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Token not created", detail: ex.Message);
        }
    }

    internal static IResult RevokeToken(HttpContext context, AccountStore accounts, ILoggerFactory loggers, string id)
    {
        if (!accounts.RevokeToken(id))
        {
            return Problems.NotFound("Token not found", $"No API token has id '{Problems.Clip(id)}'.");
        }

        AuthLog.AccountChanged(loggers.CreateLogger(WebUiLog.Category), context.User.Identity!.Name!, "revoked API token", id);
        return TypedResults.NoContent();
    }
}
