namespace TypedSockets.EngineIO;

/// <summary>What became of the session after one incoming packet; tells the transport whether to read on.</summary>
internal enum EnginePacketOutcome
{
    /// <summary>The packet was handled; the next one may follow.</summary>
    Handled,

    /// <summary>The client sent a close packet: the session is over, the rest of its input is ignored.</summary>
    ClientClosed,

    /// <summary>The packet broke the protocol: the session closed with "parse error" (over polling the request gets a 400).</summary>
    Refused,
}
