using Microsoft.Extensions.Logging;

namespace TypedSockets.AdminUI;

internal static partial class AdminUILog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Admin UI: namespace {Namespace}, page at {PagePath}/, mode {Mode}, server id {ServerId}")]
    internal static partial void Started(ILogger logger, string @namespace, string pagePath, AdminUIMode mode, string serverId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Admin UI: the default credentials admin/admin are in use (Development only); set AdminUI:Username and AdminUI:Password")]
    internal static partial void DefaultCredentials(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Admin UI: login refused for socket {SocketId} (invalid credentials)")]
    internal static partial void LoginRefused(ILogger logger, string socketId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Admin UI: reporting to the dashboards failed")]
    internal static partial void ReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Admin UI: action {Action} ignored: bad arguments or unknown namespace")]
    internal static partial void ActionIgnored(ILogger logger, string action);
}
