namespace TypedSockets.EngineIO;

/// <summary>The error codes Engine.IO servers put in the JSON body of a refused HTTP request.</summary>
internal enum EngineErrorCode
{
    TransportUnknown = 0,
    SessionIdUnknown = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
