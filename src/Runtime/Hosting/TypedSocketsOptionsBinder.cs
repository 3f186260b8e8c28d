using Microsoft.Extensions.Configuration;

namespace TypedSockets.Hosting;

/// <summary>
/// Binds <see cref="TypedSocketsOptions"/> from a configuration section. The calls to <c>Bind</c> are replaced at
/// compile time by the configuration binding source generator, so no reflection runs (trimming and Native AOT
/// stay clean). <see cref="TypedSockets.WebSockets.WebSocketServerOptions"/> carries a clock and a delegate, which configuration cannot
/// hold and the generator refuses, so its bindable part goes through <see cref="WebSocketSection"/>.
/// </summary>
internal static class TypedSocketsOptionsBinder
{
    public static void Bind(IConfiguration configuration, TypedSocketsOptions options)
    {
        configuration.GetSection(nameof(options.EngineIO)).Bind(options.EngineIO);
        configuration.GetSection(nameof(options.SocketIO)).Bind(options.SocketIO);
        configuration.GetSection(nameof(options.Hubs)).Bind(options.Hubs);
        configuration.GetSection(nameof(options.Telemetry)).Bind(options.Telemetry);

        var webSockets = new WebSocketSection();
        configuration.GetSection(nameof(options.WebSockets)).Bind(webSockets);
        webSockets.ApplyTo(options.WebSockets);
    }
}
