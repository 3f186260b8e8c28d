namespace TypedSockets.Hubs;

/// <summary>
/// One argument or result as its raw JSON text, passed through without being parsed into objects (relays, echoes,
/// values whose shape the hub does not care about). Received, it points into the packet's buffer and is valid only
/// while the event is handled; copy <see cref="Utf8Json"/> to keep it.
/// </summary>
public readonly struct RawJson
{
    public RawJson(ReadOnlyMemory<byte> utf8Json)
    {
        Utf8Json = utf8Json;
    }

    /// <summary>The UTF-8 JSON text of one value.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8Json.Span);
}
