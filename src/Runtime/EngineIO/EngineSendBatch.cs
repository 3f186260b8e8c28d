using TypedSockets.Buffers;

namespace TypedSockets.EngineIO;

/// <summary>
/// A stretch of work on one thread during which WebSocket send loops are not woken: the sessions that had
/// something queued are written inline when the outermost stretch ends. The acks of a run of calls, or one
/// broadcast to many sessions, go out without a thread-pool hop per session, and everything queued for one
/// session in the meantime leaves in one write.
/// </summary>
/// <remarks>
/// Only a scope begins and ends a stretch, so no path can leave one open:
/// <code>using (EngineSendBatch.Enter()) { ... }</code>. The scope must end on the thread that entered it, so
/// nothing inside it may await something that can complete elsewhere; code that would wait ends the scope
/// first. A session woken outside any stretch is woken at once.
/// </remarks>
internal readonly struct EngineSendBatch : IDisposable
{
    // Sessions one thread writes at the end of a stretch before the rest goes to other cores.
    private const int ChunkSize = 256;

    [ThreadStatic]
    private static List<WebSocketTransport>? t_deferred;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Begins a stretch on this thread (stretches nest; the outermost end writes).</summary>
    public static EngineSendBatch Enter()
    {
        t_depth++;
        return default;
    }

    /// <summary>Ends the stretch; the outermost end writes every deferred session's queue.</summary>
    public void Dispose()
    {
        if (--t_depth > 0)
        {
            return;
        }

        var deferred = t_deferred;
        if (deferred is null || deferred.Count == 0)
        {
            return;
        }

        // Writing can run code that broadcasts again on this thread (a close handler after a failed write, an
        // observer): such a stretch collects into a list of its own rather than into the one being written.
        t_deferred = null;
        try
        {
            var here = deferred.Count;
            if (deferred.Count > ChunkSize && Environment.ProcessorCount > 1)
            {
                // A large fan-out is spread over the thread pool in chunks so that several cores write at once;
                // this thread writes the first chunk. With one core (or a pinned process) it all stays here.
                for (var start = ChunkSize; start < deferred.Count; start += ChunkSize)
                {
                    var count = Math.Min(ChunkSize, deferred.Count - start);
                    var chunk = PooledArray<WebSocketTransport>.Rent(count);
                    deferred.CopyTo(start, chunk.Array, 0, count);
                    ThreadPool.UnsafeQueueUserWorkItem(static state => FlushChunk(state.Chunk, state.Count), (Chunk: chunk, Count: count), preferLocal: false);
                }

                here = ChunkSize;
            }

            for (var i = 0; i < here; i++)
            {
                deferred[i].FlushDeferred();
            }
        }
        finally
        {
            deferred.Clear();
            t_deferred ??= deferred;
        }
    }

    private static void FlushChunk(PooledArray<WebSocketTransport> chunk, int count)
    {
        using (chunk)
        {
            var transports = chunk.Array.AsSpan(0, count);
            try
            {
                foreach (var transport in transports)
                {
                    transport.FlushDeferred();
                }
            }
            finally
            {
                // The pool must not keep the transports alive.
                transports.Clear();
            }
        }
    }

    /// <summary>Takes over the wake-up of <paramref name="transport"/> when this thread is in a stretch; false otherwise.</summary>
    public static bool TryDefer(WebSocketTransport transport)
    {
        if (t_depth == 0)
        {
            return false;
        }

        (t_deferred ??= []).Add(transport);
        return true;
    }
}
