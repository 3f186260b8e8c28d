using Microsoft.AspNetCore.Authorization;
using SeedTour.Contracts;
using TypedSockets.Hubs;

namespace SeedTour.Hubs;

/// <summary>
/// The <c>/private</c> namespace: a connection needs a valid JWT (no or bad token: <c>connect_error</c>
/// <c>unauthorized</c> with <c>{"reason": ...}</c>); <c>adminOnly</c> needs role <c>admin</c>; <c>shout</c> is
/// limited to 5 per second per socket. Its sockets are not counted in <c>/</c>'s <c>stats</c>.
/// </summary>
[Hub("/private", JsonContext = typeof(PrivateJsonContext))]
[Authorize]
public sealed partial class PrivateHub : Hub<IPrivateClient>, IPrivateHub
{
    public Task<Identity> WhoAmI()
    {
        var user = Context.User;
        var name = user.FindFirst("name")?.Value ?? user.FindFirst("sub")?.Value ?? string.Empty;
        var roles = new List<string>();
        foreach (var claim in user.FindAll("role"))
        {
            roles.Add(claim.Value);
        }

        return Task.FromResult(new Identity(name, roles));
    }

    [Authorize(Roles = "admin")]
    public Task<AdminResult> AdminOnly() => Task.FromResult(new AdminResult(true));

    [EventRateLimit(5, perSeconds: 1)]
    public async Task<bool> Shout(string text)
    {
        var from = Context.User.FindFirst("name")?.Value ?? Context.ConnectionId;
        await Clients.Others.Shouted(new Shout(from, text));
        return true;
    }
}
