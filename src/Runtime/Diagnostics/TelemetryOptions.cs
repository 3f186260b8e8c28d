namespace TypedSockets.Diagnostics;

/// <summary>
/// What the <c>TypedSockets</c> meter puts on its measurements (configuration section <c>TypedSockets:Telemetry</c>).
/// The meter and the <c>TypedSockets</c> activity source cost nothing until something listens (OpenTelemetry,
/// <c>dotnet-counters</c>, a <see cref="System.Diagnostics.Metrics.MeterListener"/>); these options only shape what a
/// listener sees.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Adds the event name as the <c>typedsockets.event</c> tag on events received, handler durations and errors.
    /// Off by default: every distinct name a client sends would become a time series of its own, so turn it on only
    /// when the names are a closed set (a typed hub's events are; a free-form <c>OnAny</c> server's are not).
    /// </summary>
    public bool IncludeEventNames { get; set; }
}
