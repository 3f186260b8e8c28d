using System.Buffers;

namespace TypedSockets.EngineIO;

/// <summary>
/// Defers the wake-ups of WebSocket send loops while a thread handles input it has just read (the messages of
/// one read, up to a bound), then writes what was queued inline at <see cref="End"/>: the acks of a run of
/// calls, or one broadcast to many sessions, go out without a thread-pool hop per session, and everything queued
/// for one session in the meantime leaves in one write.
/// </summary>
/// <remarks>
/// <see cref="Begin"/> and <see cref="End"/> are paired on the same thread with no await in between that
/// could move the caller elsewhere; a session woken outside such a stretch is woken at once, as before.
/// </remarks>
internal static class EngineSendBatch
{
    // Sessions one thread writes at the end of a stretch before the rest goes to other cores.
    private const int ChunkSize = 256;

    [ThreadStatic]
    private static List<WebSocketTransport>? t_deferred;

    [ThreadStatic]
    private static int t_depth;

    public static void Begin() => t_depth++;

    /// <summary>Ends the stretch; the outermost end writes every deferred session's queue.</summary>
    public static void End()
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
                    var chunk = ArrayPool<WebSocketTransport>.Shared.Rent(count);
                    deferred.CopyTo(start, chunk, 0, count);
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
        }
    }

    private static void FlushChunk(WebSocketTransport[] chunk, int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                chunk[i].FlushDeferred();
            }
        }
        finally
        {
            Array.Clear(chunk, 0, count);
            ArrayPool<WebSocketTransport>.Shared.Return(chunk);
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
