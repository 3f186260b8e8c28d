using System.Text.Json;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// The arguments of an incoming event or acknowledgement, each the raw JSON text of one array element.
/// Binary arguments arrive as <c>{"_placeholder":true,"num":n}</c> objects whose bytes are attachment n.
/// For an event handed to a handler the memory is pooled and valid only until the handler's task completes;
/// acknowledgement results own their memory.
/// </summary>
public readonly struct EventArguments
{
    // The packet parser has already walked every argument within SocketIOOptions.MaxJsonDepth, so reading one again
    // allows the deepest that option may be: the readers never refuse what the operator allowed.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OptionDefaults.MaxJsonDepthCeiling };

    private readonly ReadOnlyMemory<byte> _json;
    private readonly int[]? _bounds;
    private readonly ReadOnlyMemory<byte>[]? _attachments;

    internal EventArguments(ReadOnlyMemory<byte> json, int[]? bounds, int count, ReadOnlyMemory<byte>[]? attachments)
    {
        _json = json;
        _bounds = bounds;
        Count = count;
        _attachments = attachments;
    }

    /// <summary>How many arguments there are (the event name is not one of them).</summary>
    public int Count { get; }

    /// <summary>How many binary attachments came with the packet.</summary>
    public int AttachmentCount => _attachments?.Length ?? 0;

    /// <summary>The raw JSON text of argument <paramref name="index"/>.</summary>
    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _json.Slice(_bounds![index * 2], _bounds[(index * 2) + 1]);
        }
    }

    /// <summary>Binary attachment <paramref name="num"/> (the <c>num</c> of a placeholder).</summary>
    public ReadOnlyMemory<byte> GetAttachment(int num)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(num);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(num, AttachmentCount);
        return _attachments![num];
    }

    /// <summary>A reader positioned before argument <paramref name="index"/>.</summary>
    public Utf8JsonReader GetReader(int index) => new(this[index].Span, ReaderOptions);

    /// <summary>True when argument <paramref name="index"/> is a binary placeholder; <paramref name="bytes"/> is its attachment.</summary>
    public bool TryGetBinary(int index, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if ((uint)index >= (uint)Count || _attachments is null)
        {
            return false;
        }

        var reader = GetReader(index);
        return TryReadBinary(ref reader, out bytes);
    }

    /// <summary>
    /// Reads a binary placeholder at the reader's next value, anywhere inside an argument (for example a
    /// property of an object), and resolves it to its attachment; false for any other value (the reader may then
    /// have moved into it).
    /// </summary>
    public bool TryReadBinary(ref Utf8JsonReader reader, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (_attachments is null || !BinaryPlaceholder.TryRead(ref reader, out var num) || num >= _attachments.Length)
        {
            return false;
        }

        bytes = _attachments[num];
        return true;
    }

    /// <summary>
    /// Arguments read from a JSON array <c>[arg, …]</c> that the caller owns (for example an acknowledgement a
    /// backplane relayed from another node); false when <paramref name="jsonArray"/> is not one.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> jsonArray, out EventArguments arguments)
    {
        arguments = default;
        if (SocketIOPacketParser.TryReadAck(jsonArray.Span, out var bounds, out var count, OptionDefaults.MaxJsonDepthCeiling) != SocketIOParseError.None)
        {
            return false;
        }

        using (bounds)
        {
            arguments = new EventArguments(jsonArray, bounds.IsEmpty ? null : bounds.Array.AsSpan(0, count * 2).ToArray(), count, null);
        }

        return true;
    }

    /// <summary>
    /// These arguments without the last one (same memory): the client drops the recovery offset a server appends, and
    /// the server drops a trace carrier a client appends.
    /// </summary>
    internal EventArguments WithoutLast() => Count == 0 ? this : new EventArguments(_json, _bounds, Count - 1, _attachments);

    /// <summary>A copy whose memory the caller owns (outlives the pooled buffers of an incoming packet).</summary>
    public EventArguments ToOwned()
    {
        if (Count == 0 && _attachments is null)
        {
            return new EventArguments(ReadOnlyMemory<byte>.Empty, null, 0, null);
        }

        var bounds = new int[Count * 2];
        _bounds.AsSpan(0, Count * 2).CopyTo(bounds);
        ReadOnlyMemory<byte>[]? attachments = null;
        if (_attachments is not null)
        {
            attachments = new ReadOnlyMemory<byte>[_attachments.Length];
            for (var i = 0; i < attachments.Length; i++)
            {
                attachments[i] = _attachments[i].ToArray();
            }
        }

        return new EventArguments(_json.ToArray(), bounds, Count, attachments);
    }
}
