using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TypedSockets.Diagnostics;

namespace TypedSockets.Hosting;

/// <summary>
/// The application's <c>TypedSockets</c> meter: created through its <see cref="IMeterFactory"/> (as ASP.NET Core's
/// meters are), one per service provider, handed to the servers the entry points build.
/// </summary>
internal static class TypedSocketsTelemetry
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(static provider => new TypedSocketsMetrics(
            provider.GetRequiredService<IMeterFactory>(),
            provider.GetRequiredService<IOptions<TypedSocketsOptions>>().Value.Telemetry));
    }

    /// <summary>The application's instruments, or the process-wide ones when TypedSockets was not added to its services.</summary>
    public static TypedSocketsMetrics For(IServiceProvider services) =>
        services.GetService<TypedSocketsMetrics>() ?? TypedSocketsMetrics.Unhosted;
}
