namespace TypedSockets.WebSockets;

/// <summary>
/// Close status codes of RFC 6455 §7.4.1. Codes 3000–4999 (registered and private use) are valid too
/// and travel as their numeric value.
/// </summary>
public enum WebSocketCloseCode : ushort
{
    /// <summary>The purpose of the connection was fulfilled.</summary>
    NormalClosure = 1000,

    /// <summary>An endpoint is going away: a server shutting down, a browser leaving the page.</summary>
    GoingAway = 1001,

    /// <summary>The peer broke the protocol.</summary>
    ProtocolError = 1002,

    /// <summary>The peer sent a kind of data the endpoint cannot accept (binary to a text-only endpoint, say).</summary>
    UnsupportedData = 1003,

    /// <summary>Reported when the peer's close frame had no code; never sent.</summary>
    NoStatusReceived = 1005,

    /// <summary>Reported when the connection ended without a close frame; never sent.</summary>
    AbnormalClosure = 1006,

    /// <summary>A message's data did not match its type (a text message that is not UTF-8).</summary>
    InvalidPayloadData = 1007,

    /// <summary>A message broke the endpoint's policy (no more specific code applies).</summary>
    PolicyViolation = 1008,

    /// <summary>A message was larger than the endpoint accepts.</summary>
    MessageTooBig = 1009,

    /// <summary>The client expected an extension the server did not agree to (sent by clients only).</summary>
    MandatoryExtension = 1010,

    /// <summary>The server met a condition that kept it from serving the connection.</summary>
    InternalError = 1011,
}
