using System.Buffers;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>
/// The messages of one batch of <see cref="PacketSender"/>, copied into one buffer of its own: Engine.IO text packets
/// and binary attachments, in order. Copying lets each sender release its packet at once, on its own thread, so the
/// pooled buffers it was encoded in go back to that thread's pool for its next emit; holding them until the writer
/// released them (on another thread, in bulk, a batch of every connection at a time) overflowed the shared pool and
/// allocated anew for most emits. Not thread-safe: the sender fills it under its lock, the writer reads it alone.
/// </summary>
internal sealed class PacketBatch
{
    // A buffer grown for a burst of large messages goes back to the pool once written, rather than staying per client.
    private const int RetainedSize = 64 * 1024;
    private const int MinimumSize = 1024;

    private readonly List<Slice> _spans = [];
    private readonly List<WebSocketMessage> _messages = [];
    private byte[] _bytes = [];
    private int _length;

    public int Count => _spans.Count;

    /// <summary>Appends a copy of one message.</summary>
    public void Add(ReadOnlySpan<byte> payload, bool isBinary)
    {
        var needed = _length + payload.Length;
        if (needed > _bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumSize, _bytes.Length * 2)));
            _bytes.AsSpan(0, _length).CopyTo(larger);
            if (_bytes.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
            }

            _bytes = larger;
        }

        payload.CopyTo(_bytes.AsSpan(_length));
        _spans.Add(new Slice(_length, payload.Length, isBinary));
        _length = needed;
    }

    /// <summary>The messages, in order, over this batch's buffer; valid until <see cref="Clear"/>.</summary>
    public IReadOnlyList<WebSocketMessage> Messages()
    {
        _messages.Clear();
        foreach (var span in _spans)
        {
            _messages.Add(new WebSocketMessage(span.IsBinary ? WebSocketMessageKind.Binary : WebSocketMessageKind.Text, _bytes.AsMemory(span.Start, span.Length)));
        }

        return _messages;
    }

    /// <summary>Empties the batch for reuse; a buffer grown large goes back to the pool.</summary>
    public void Clear()
    {
        _spans.Clear();
        _messages.Clear();
        _length = 0;
        if (_bytes.Length > RetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }

    private readonly record struct Slice(int Start, int Length, bool IsBinary);
}
