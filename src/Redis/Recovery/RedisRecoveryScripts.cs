namespace TypedSockets.Redis;

/// <summary>The Lua script of recovery across nodes (see <see cref="RedisBackplane.PublishRecoverable"/>).</summary>
internal static class RedisRecoveryScripts
{
    /// <summary>
    /// KEYS[1] the namespace's stream, KEYS[2] its channel; ARGV[1] the envelope, ARGV[2] the most entries kept (about),
    /// ARGV[3] the window in ms. Adds the entry, trims by count and by age (Redis time), lets the stream expire when the
    /// namespace goes quiet, and publishes the envelope followed by the entry id: in one script, so publications come
    /// in stream order.
    /// </summary>
    public const string Append = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'm', ARGV[1])
        redis.call('XTRIM', KEYS[1], 'MINID', '~', tostring(now - tonumber(ARGV[3])))
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('PUBLISH', KEYS[2], ARGV[1] .. id)
        return id
        """;
}
