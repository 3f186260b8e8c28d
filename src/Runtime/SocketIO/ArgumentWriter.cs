using System.Text.Json;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// Writes the arguments of one outgoing packet: JSON values through <see cref="Json"/>, pre-serialized JSON
/// through <see cref="WriteJson"/>, binary through <see cref="WriteBinary"/> (a placeholder in the JSON, the
/// bytes in an attachment that follows the packet).
/// </summary>
public sealed class ArgumentWriter
{
    private readonly List<ReadOnlyMemory<byte>> _attachments = [];

    internal ArgumentWriter(Utf8JsonWriter json)
    {
        Json = json;
    }

    /// <summary>Each value written at the top level is one argument.</summary>
    public Utf8JsonWriter Json { get; }

    internal List<ReadOnlyMemory<byte>> Attachments => _attachments;

    /// <summary>Writes one argument from already serialized JSON (validated).</summary>
    public void WriteJson(ReadOnlySpan<byte> json) => Json.WriteRawValue(json);

    /// <summary>Writes one binary argument; the bytes are copied before the emit returns.</summary>
    public void WriteBinary(ReadOnlyMemory<byte> bytes)
    {
        BinaryPlaceholder.Write(Json, _attachments.Count);
        _attachments.Add(bytes);
    }
}
