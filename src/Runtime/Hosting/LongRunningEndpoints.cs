using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Timeouts;

namespace TypedSockets.Hosting;

/// <summary>The metadata every TypedSockets endpoint carries because its requests are meant to stay open.</summary>
internal static class LongRunningEndpoints
{
    private static readonly DisableRequestTimeoutAttribute NoRequestTimeout = new();

    /// <summary>
    /// Exempts the endpoint from ASP.NET Core's request timeouts (<c>UseRequestTimeouts</c>), the application's default
    /// policy included: a long poll waits up to a ping interval for something to say, and a WebSocket lasts as long as
    /// its connection, so a timeout meant for ordinary requests would end sessions that are working. Engine.IO's own
    /// heartbeat and the WebSocket close timeout bound them instead.
    /// </summary>
    public static TBuilder WithoutRequestTimeout<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(NoRequestTimeout);
        return builder;
    }
}
