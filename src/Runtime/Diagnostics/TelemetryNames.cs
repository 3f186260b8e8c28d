namespace TypedSockets.Diagnostics;

/// <summary>
/// The names TypedSockets publishes telemetry under: one meter and one activity source, both <c>TypedSockets</c>, and
/// the tag names its instruments and spans carry. Instrument names follow OpenTelemetry's style (dotted, lower case,
/// <c>{unit}</c> annotations) as ASP.NET Core's <c>signalr.server.*</c> and <c>kestrel.*</c> instruments do.
/// </summary>
internal static class TelemetryNames
{
    public const string Meter = "TypedSockets";
    public const string ActivitySource = "TypedSockets";

    public const string Transport = "typedsockets.transport";
    public const string Namespace = "typedsockets.namespace";
    public const string Event = "typedsockets.event";
    public const string CloseReason = "typedsockets.close_reason";
    public const string Limit = "typedsockets.limit";
    public const string ErrorType = "error.type";
    public const string BackplaneMessage = "typedsockets.backplane.message";
    public const string BackplaneOrigin = "typedsockets.backplane.origin";
    public const string SocketId = "typedsockets.socket.id";
    public const string SessionId = "typedsockets.session.id";
}
