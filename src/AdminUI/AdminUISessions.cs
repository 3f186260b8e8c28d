using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace TypedSockets.AdminUI;

/// <summary>
/// Logins of this node: the page keeps the session id it got at login and sends it instead of the password when it
/// reconnects (socket.io's admin server does the same with its in-memory store). Sessions end after their lifetime.
/// </summary>
internal sealed class AdminUISessions(TimeProvider time, TimeSpan lifetime)
{
    private const int MaxSessions = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    internal string Create()
    {
        var now = time.GetUtcNow();
        if (_expiries.Count >= MaxSessions)
        {
            foreach (var (id, expiry) in _expiries)
            {
                if (expiry <= now)
                {
                    _expiries.TryRemove(id, out _);
                }
            }
        }

        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _expiries[sessionId] = now + lifetime;
        return sessionId;
    }

    internal bool IsValid(string sessionId)
    {
        if (!_expiries.TryGetValue(sessionId, out var expiry))
        {
            return false;
        }

        if (expiry > time.GetUtcNow())
        {
            return true;
        }

        _expiries.TryRemove(sessionId, out _);
        return false;
    }
}
