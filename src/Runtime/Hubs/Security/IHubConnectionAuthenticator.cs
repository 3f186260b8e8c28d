using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Accepts or refuses a connection to <typeparamref name="THub"/> before its <c>OnConnected</c> (socket.io's
/// <c>io.of(ns).use(...)</c>). Registered in DI (<c>AddTypedSockets().AddConnectionAuthenticator&lt;THub&gt;(...)</c>);
/// it runs after a bearer token was read and before the hub's <c>[Authorize]</c> policy.
/// </summary>
/// <typeparam name="THub">The hub whose connections it decides on.</typeparam>
public interface IHubConnectionAuthenticator<THub>
{
    /// <summary>Null to accept (after setting <c>context.User</c> or <c>context.Items</c> as needed), or the refusal the client gets as <c>connect_error</c>.</summary>
    /// <param name="context">The connection being accepted.</param>
    ValueTask<ConnectError?> AuthenticateAsync(HubConnectingContext context);
}
