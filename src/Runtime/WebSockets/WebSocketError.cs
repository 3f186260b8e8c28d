namespace TypedSockets.WebSockets;

/// <summary>
/// Stable codes for every way a peer can break the framing protocol; each maps to one close code
/// (<see cref="WebSocketErrorExtensions.ToCloseCode"/>).
/// </summary>
internal enum WebSocketError
{
    None,

    /// <summary>An RSV bit is set; no extension is ever negotiated.</summary>
    UnexpectedRsv,

    /// <summary>A reserved opcode (3–7, B–F).</summary>
    InvalidOpcode,

    /// <summary>A client frame without a mask (server role).</summary>
    MissingMask,

    /// <summary>A masked server frame (client role).</summary>
    UnexpectedMask,

    /// <summary>A control frame with FIN clear.</summary>
    FragmentedControlFrame,

    /// <summary>A control frame payload longer than 125 bytes.</summary>
    ControlFrameTooLong,

    /// <summary>A continuation frame with no message in progress.</summary>
    UnexpectedContinuation,

    /// <summary>A text or binary frame while a fragmented message is in progress.</summary>
    ExpectedContinuation,

    /// <summary>A 64-bit payload length with its most significant bit set.</summary>
    InvalidPayloadLength,

    /// <summary>A close frame with a one-byte payload.</summary>
    InvalidCloseLength,

    /// <summary>A close code that may not be sent (1004–1006, 1015, unassigned ranges).</summary>
    InvalidCloseCode,

    /// <summary>A close reason that is not UTF-8 (answered with 1007, as invalid text is).</summary>
    InvalidCloseReason,

    /// <summary>A text message that is not UTF-8 (detected as early as the bytes allow).</summary>
    InvalidUtf8,

    /// <summary>A message larger than the configured maximum.</summary>
    MessageTooBig,
}
