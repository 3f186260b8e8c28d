using OpenTelemetry.Metrics;

namespace SeedTour;

/// <summary>
/// <c>GET /metrics</c>: OpenTelemetry metrics in the Prometheus text format, with the <c>TypedSockets</c> meter beside
/// ASP.NET Core's and Kestrel's. Scrape it with Prometheus, or read it with curl.
/// </summary>
internal static class Metrics
{
    public const string Path = "/metrics";

    /// <summary>Adds OpenTelemetry with the Prometheus exporter and serves its scraping endpoint at <see cref="Path"/>.</summary>
    public static WebApplicationBuilder AddPrometheusMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("TypedSockets", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());

        // The endpoint goes in front of the application's own pipeline, so Program.cs has one line for all of this.
        builder.Services.AddSingleton<IStartupFilter, ScrapingEndpoint>();
        return builder;
    }

    private sealed class ScrapingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(Path);
            next(app);
        };
    }
}
