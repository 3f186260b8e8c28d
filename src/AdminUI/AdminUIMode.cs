namespace TypedSockets.AdminUI;

/// <summary>How much the Admin UI is told, as the <c>mode</c> option of socket.io's admin server.</summary>
public enum AdminUIMode
{
    /// <summary>
    /// Everything: the socket list with handshakes and rooms, every connect, disconnect, room change, and every event
    /// received and sent with its arguments. Costs a message to the dashboards per event: for development.
    /// </summary>
    Development = 0,

    /// <summary>Server stats and aggregated counts only (connections, disconnections, bytes); no socket list, no events.</summary>
    Production = 1,
}
