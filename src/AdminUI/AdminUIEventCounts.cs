namespace TypedSockets.AdminUI;

/// <summary>
/// The aggregated counts each <c>server_stats</c> carries (socket.io's admin server: per second, per type and subtype,
/// cleared when sent): <c>rawConnection</c>, <c>rawDisconnection</c> (subtype: the reason), <c>packetsIn</c>/<c>packetsOut</c>
/// and <c>bytesIn</c>/<c>bytesOut</c>, here counted per event and its JSON size.
/// </summary>
internal sealed class AdminUIEventCounts(TimeProvider time)
{
    private readonly Lock _lock = new();
    private Dictionary<(long Second, string Type, string? SubType), long> _counts = [];

    internal void Add(string type, string? subType = null, long count = 1)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            var key = (second, type, subType);
            _counts[key] = _counts.TryGetValue(key, out var current) ? current + count : count;
        }
    }

    /// <summary>The counts since the last call, oldest first; the buffer starts empty again.</summary>
    internal Dictionary<(long Second, string Type, string? SubType), long> TakeAll()
    {
        lock (_lock)
        {
            var taken = _counts;
            _counts = [];
            return taken;
        }
    }
}
