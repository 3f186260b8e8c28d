namespace TypedSockets.WebSockets;

/// <summary>
/// Close status codes of RFC 6455 §7.4.1. Codes 3000–4999 (registered and private use) are valid too
/// and travel as their numeric value.
/// </summary>
public enum WebSocketCloseCode : ushort
{
    NormalClosure = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    UnsupportedData = 1003,

    /// <summary>Reported when the peer's close frame had no code; never sent.</summary>
    NoStatusReceived = 1005,

    /// <summary>Reported when the connection ended without a close frame; never sent.</summary>
    AbnormalClosure = 1006,

    InvalidPayloadData = 1007,
    PolicyViolation = 1008,
    MessageTooBig = 1009,
    MandatoryExtension = 1010,
    InternalError = 1011,
}
