namespace TypedSockets.Redis;

/// <summary>
/// Lua scripts over the cluster state: a sorted set of nodes scored by the Redis time (ms) their heartbeat expires,
/// and per node the sets of socket ids of each namespace and room, plus the set of those keys (for cleanup).
/// Liveness is judged by the Redis server's clock, so nodes' clocks need not agree.
/// </summary>
internal static class RedisScripts
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        """;

    /// <summary>KEYS[1] nodes; ARGV[1] key prefix, ARGV[2] key suffix (node id between); ARGV[3] count, members or nodes.</summary>
    public const string Query = Now + """
        local alive = redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')
        if ARGV[3] == 'count' then
          local total = 0
          for _, node in ipairs(alive) do total = total + redis.call('SCARD', ARGV[1] .. node .. ARGV[2]) end
          return total
        end
        local result = {}
        for _, node in ipairs(alive) do
          if ARGV[3] == 'members' then
            for _, id in ipairs(redis.call('SMEMBERS', ARGV[1] .. node .. ARGV[2])) do result[#result + 1] = id end
          elseif redis.call('EXISTS', ARGV[1] .. node .. ARGV[2]) == 1 then
            result[#result + 1] = node
          end
        end
        return result
        """;

    /// <summary>KEYS[1] nodes; ARGV[1] node, ARGV[2] timeout ms, ARGV[3] prefix of the key sets. Returns the nodes it removed.</summary>
    public const string Heartbeat = Now + """
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
        for _, node in ipairs(dead) do
          local set = ARGV[3] .. node
          for _, key in ipairs(redis.call('SMEMBERS', set)) do redis.call('DEL', key) end
          redis.call('DEL', set)
          redis.call('ZREM', KEYS[1], node)
        end
        return dead
        """;

    /// <summary>KEYS[1] nodes; ARGV[1] node, ARGV[2] prefix of the key sets. Forgets one node's state (shutdown, resync).</summary>
    public const string Forget = """
        local set = ARGV[2] .. ARGV[1]
        for _, key in ipairs(redis.call('SMEMBERS', set)) do redis.call('DEL', key) end
        redis.call('DEL', set)
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
        """;
}
