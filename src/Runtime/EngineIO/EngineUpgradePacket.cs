namespace TypedSockets.EngineIO;

/// <summary>What a packet on a WebSocket that is probing to take over a polling session means.</summary>
internal enum EngineUpgradePacket
{
    /// <summary><c>2probe</c>, before any probe was answered: answer <c>3probe</c>.</summary>
    Probe,

    /// <summary><c>5</c> after the probe was answered: the WebSocket takes over the session.</summary>
    Upgrade,

    /// <summary>Anything else: the upgrade is abandoned and the session stays on polling.</summary>
    Unexpected,
}
