using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// How an in-process test server starts: a slim ASP.NET Core application on a free port of 127.0.0.1 whose log lines
/// all go to one capturing provider, with its endpoints optionally on the WebSocket fast path.
/// </summary>
internal static class LoopbackApplication
{
    /// <summary>The builder; the caller adds its services and endpoints, and its minimum log level if it wants one.</summary>
    /// <param name="logs">Receives every log line of the application.</param>
    /// <param name="fastPath">Whether Kestrel's endpoints use <c>UseTypedSocketsFastPath</c>.</param>
    /// <param name="configureFastPath">The fast path's options, when <paramref name="fastPath"/>.</param>
    public static WebApplicationBuilder CreateBuilder(ListLoggerProvider logs, bool fastPath = false, Action<TypedSockets.Hosting.FastPathOptions>? configureFastPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (fastPath)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseTypedSocketsFastPath(configureFastPath ?? (static _ => { }))));
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        return builder;
    }
}
