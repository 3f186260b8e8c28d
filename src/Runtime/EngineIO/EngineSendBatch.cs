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
            for (var i = 0; i < deferred.Count; i++)
            {
                deferred[i].FlushDeferred();
            }
        }
        finally
        {
            deferred.Clear();
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
