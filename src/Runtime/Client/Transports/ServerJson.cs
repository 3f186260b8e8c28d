using System.Text.Json;

namespace TypedSockets.Client.Transports;

/// <summary>
/// The few JSON property names the client reads in what a server sends during a handshake, matched without
/// decoding them to strings. Callers catch <see cref="JsonException"/> and <see cref="InvalidOperationException"/>
/// (an escape that is not valid UTF-16) as malformed input.
/// </summary>
internal static class ServerJson
{
    public enum Property
    {
        Other,
        Sid,
        Pid,
        PingInterval,
        PingTimeout,
        Upgrades,
        MaxPayload,
        Message,
        Data,
    }

    /// <summary>Which of the known properties the reader's current property name is.</summary>
    public static Property PropertyName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("sid"u8) ? Property.Sid
        : reader.ValueTextEquals("pid"u8) ? Property.Pid
        : reader.ValueTextEquals("pingInterval"u8) ? Property.PingInterval
        : reader.ValueTextEquals("pingTimeout"u8) ? Property.PingTimeout
        : reader.ValueTextEquals("upgrades"u8) ? Property.Upgrades
        : reader.ValueTextEquals("maxPayload"u8) ? Property.MaxPayload
        : reader.ValueTextEquals("message"u8) ? Property.Message
        : reader.ValueTextEquals("data"u8) ? Property.Data
        : Property.Other;
}
