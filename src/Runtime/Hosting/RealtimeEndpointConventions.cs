using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;

namespace TypedSockets.Hosting;

/// <summary>
/// What every TypedSockets endpoint (<c>MapSocketIO</c>, <c>MapHub</c>, <c>MapEngineIO</c>, <c>MapWebSocket</c>) carries
/// because its requests belong to one live session, whatever the application sets for its ordinary endpoints.
/// </summary>
internal static class RealtimeEndpointConventions
{
    private static readonly DisableRequestTimeoutAttribute NoRequestTimeout = new();

    /// <summary>
    /// Exempts the endpoint from the application's request timeouts and output caching, default and base policies
    /// included:
    /// <list type="bullet">
    /// <item>request timeouts (<c>UseRequestTimeouts</c>): a long poll waits up to a ping interval for something to say,
    /// and a WebSocket lasts as long as its connection; Engine.IO's heartbeat and the WebSocket close timeout bound them;</item>
    /// <item>output caching (<c>UseOutputCache</c>): every answer belongs to one session at one moment. A cached handshake
    /// would give the next client the same session id, a cached poll would deliver its packets again, and coalescing
    /// identical requests would hold one client's request behind another's.</item>
    /// </list>
    /// </summary>
    public static TBuilder WithRealtimeConventions<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(NoRequestTimeout);
        return builder.CacheOutput(static policy => policy.NoCache());
    }
}
