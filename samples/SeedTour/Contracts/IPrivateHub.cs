using TypedSockets.Hubs;

namespace SeedTour.Contracts;

/// <summary>
/// Client to server in namespace <c>/private</c>, which requires a JWT (auth payload <c>{"token": ...}</c>,
/// <c>Authorization: Bearer ...</c> or <c>access_token</c> in the query).
/// </summary>
public interface IPrivateHub
{
    /// <summary>Who the token says the caller is: <c>{"name": ..., "roles": [...]}</c>.</summary>
    [Event("whoami")]
    Task<Identity> WhoAmI();

    /// <summary><c>{"ok": true}</c> for role <c>admin</c>; anyone else gets the error ack <c>{"error":"forbidden"}</c>.</summary>
    Task<AdminResult> AdminOnly();

    /// <summary>Acked true; at most 5 per second per socket, beyond which the ack is <c>{"error":"rate limited"}</c>.</summary>
    Task<bool> Shout(string text);
}
