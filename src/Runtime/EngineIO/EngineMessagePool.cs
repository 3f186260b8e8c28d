using System.Collections.Concurrent;

namespace TypedSockets.EngineIO;

/// <summary>
/// Recycles released <see cref="EngineMessage"/> objects so encoding a message allocates nothing in steady
/// state. Messages are often created on one thread (a handler) and released on another (a send loop), so a
/// small per-thread cache sits in front of one shared, bounded queue.
/// </summary>
internal static class EngineMessagePool
{
    private const int ThreadCacheSize = 16;
    private const int SharedLimit = 4096;

    private static readonly ConcurrentQueue<EngineMessage> Shared = new();
    private static int s_sharedCount;

    [ThreadStatic]
    private static EngineMessage?[]? t_cache;

    [ThreadStatic]
    private static int t_count;

    public static EngineMessage? Rent()
    {
        var cache = t_cache;
        if (cache is not null && t_count > 0)
        {
            var index = --t_count;
            var message = cache[index];
            cache[index] = null;
            return message;
        }

        if (Volatile.Read(ref s_sharedCount) > 0 && Shared.TryDequeue(out var shared))
        {
            Interlocked.Decrement(ref s_sharedCount);
            return shared;
        }

        return null;
    }

    public static void Return(EngineMessage message)
    {
        var cache = t_cache ??= new EngineMessage?[ThreadCacheSize];
        if (t_count < cache.Length)
        {
            cache[t_count++] = message;
            return;
        }

        // Beyond the bound the message is left to the collector, so a burst does not pin memory for good.
        if (Interlocked.Increment(ref s_sharedCount) <= SharedLimit)
        {
            Shared.Enqueue(message);
        }
        else
        {
            Interlocked.Decrement(ref s_sharedCount);
        }
    }
}
