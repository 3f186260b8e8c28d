namespace TypedSockets.WebSockets;

/// <summary>Which close codes may appear in a close frame (RFC 6455 §7.4).</summary>
internal static class WebSocketCloseCodes
{
    /// <summary>
    /// True for codes an endpoint may send: 1000–1003, 1007–1011 and 3000–4999. 1004 is reserved,
    /// 1005/1006/1015 are reserved for reporting only, everything else is unassigned.
    /// </summary>
    public static bool IsValidOnWire(ushort code) => code switch
    {
        >= 1000 and <= 1003 => true,
        >= 1007 and <= 1011 => true,
        >= 3000 and <= 4999 => true,
        _ => false,
    };
}
