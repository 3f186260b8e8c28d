namespace TypedSockets.Hubs;

/// <summary>
/// One argument or result as its raw JSON text, passed through without being parsed into objects (relays, echoes,
/// values whose shape the hub does not care about). Received, it points into the packet's buffer and is valid only
/// while the event is handled; copy <see cref="Utf8Json"/> to keep it.
/// </summary>
public readonly struct RawJson
{
    /// <summary>A value from its UTF-8 JSON text (not checked).</summary>
    /// <param name="utf8Json">The JSON text of one value.</param>
    public RawJson(ReadOnlyMemory<byte> utf8Json)
    {
        Utf8Json = utf8Json;
    }

    /// <summary>The UTF-8 JSON text of one value.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>The JSON text as a string.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8Json.Span);
}
