namespace SeedTour;

/// <summary>The seed's console lines, as log messages.</summary>
internal static partial class SeedTourLog
{
    [LoggerMessage(9001, LogLevel.Information, "A client sent us this dumb message: {Message}")]
    public static partial void DumbMessage(ILogger logger, string? message);

    [LoggerMessage(9002, LogLevel.Information, "Connected clients: {Count}")]
    public static partial void ConnectedClients(ILogger logger, int count);

    [LoggerMessage(9003, LogLevel.Information, "Connected to Stack Abuse namespace")]
    public static partial void StackAbuseConnected(ILogger logger);
}
