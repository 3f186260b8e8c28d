using System.IO.Pipelines;

namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    /// <summary>
    /// For a receive loop that parks between messages in its own async frame rather than in one of
    /// <see cref="ReceiveAsync"/>'s: when nothing at all is buffered, takes the input, releases what was parsed and
    /// returns the read to await; the caller must then call <see cref="EndWaitForInput"/> with its outcome, and
    /// <see cref="ReceiveAsync"/> goes on from what arrived. False (call <see cref="ReceiveAsync"/> straight away)
    /// when input is buffered, the connection ended, or someone else reads. An idle connection then keeps only the
    /// caller's frame, not the receive's as well.
    /// </summary>
    internal bool TryBeginWaitForInput(out ValueTask<ReadResult> read)
    {
        read = default;
        if (Volatile.Read(ref _closed) != 0 || Volatile.Read(ref _closeReceived) != 0
            || (_hasBuffer && (_inputCompleted || !SyncBuffer().IsEmpty))
            || (_parser.PendingDataPayload >= WebSocketDuplex.ReadBufferSize && _duplex.DirectInput is not null)
            || Interlocked.CompareExchange(ref _receiving, ReceivingByReceive, 0) != 0)
        {
            return false;
        }

        try
        {
            read = ReadMore(CancellationToken.None);
            return true;
        }
        catch
        {
            Volatile.Write(ref _receiving, 0);
            throw;
        }
    }

    /// <summary>Ends a wait that <see cref="TryBeginWaitForInput"/> began: buffers what was read, or ends the connection when the read failed.</summary>
    internal void EndWaitForInput(ReadResult result, Exception? failure)
    {
        try
        {
            if (failure is not null)
            {
                // The next ReceiveAsync returns the close message, as when its own read fails.
                TransportEnded(failure);
            }
            else
            {
                // A read cancelled by Abort leaves the connection closed: the next ReceiveAsync says so.
                TakeRead(result);
            }
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }
}
