namespace TypedSockets.WebSockets;

/// <summary>
/// The frames of one batch for <see cref="WebSocketConnection.SendPreframedBatchAsync{TBatch}"/>: complete unmasked
/// frames, in the order they go out. Implemented by a struct over the sender's own list, so handing a batch to the
/// connection neither allocates nor copies the list, and the calls are not virtual.
/// </summary>
internal interface IPreframedBatch
{
    /// <summary>How many frames the batch holds.</summary>
    int Count { get; }

    /// <summary>The frame at <paramref name="index"/>; valid until the send completes.</summary>
    ReadOnlyMemory<byte> this[int index] { get; }
}
