using System.Collections.Concurrent;

namespace TypedSockets.SocketIO;

/// <summary>
/// What a socket that lost its connection leaves behind for its client to take back: its id, rooms and items, and
/// where its replay starts. Also the place a typed hub parks its <c>OnDisconnected</c> until the session is either
/// taken back (then it never runs) or expires (then it runs).
/// </summary>
internal sealed class RecoverySession
{
    private const int Kept = 0;
    private const int Restored = 1;
    private const int Expired = 2;

    private readonly Lock _lock = new();
    private Func<ValueTask>? _onExpired;
    private int _state;

    public RecoverySession(string pid, string sid, string[] rooms, ConcurrentDictionary<string, object?>? items, long lastOffsetAtConnect, long disconnectedAt)
    {
        Pid = pid;
        Sid = sid;
        Rooms = rooms;
        Items = items;
        LastOffsetAtConnect = lastOffsetAtConnect;
        DisconnectedAt = disconnectedAt;
    }

    /// <summary>The private session id the client sends back as <c>pid</c>.</summary>
    public string Pid { get; }

    /// <summary>The socket id the client had and gets back.</summary>
    public string Sid { get; }

    /// <summary>Its rooms at the disconnect, its own id room included.</summary>
    public string[] Rooms { get; }

    public ConcurrentDictionary<string, object?>? Items { get; }

    /// <summary>
    /// The last offset handed out before the socket connected: a client that never received an offset missed
    /// everything after it (socket.io would not recover such a client at all).
    /// </summary>
    public long LastOffsetAtConnect { get; }

    /// <summary>The cluster node (its recovery tag) the socket was on; null on a single node.</summary>
    public string? Node { get; init; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the disconnect.</summary>
    public long DisconnectedAt { get; }

    /// <summary>
    /// Runs <paramref name="callback"/> when the session expires unused; never when it is restored. A session that
    /// already expired runs it now.
    /// </summary>
    public void OnExpired(Func<ValueTask> callback)
    {
        lock (_lock)
        {
            if (_state == Kept)
            {
                _onExpired += callback;
                return;
            }

            if (_state == Restored)
            {
                return;
            }
        }

        _ = callback();
    }

    /// <summary>The client took the session back: false when it had already expired or been taken.</summary>
    public bool TryRestore()
    {
        lock (_lock)
        {
            if (_state != Kept)
            {
                return false;
            }

            _state = Restored;
            _onExpired = null;
            return true;
        }
    }

    /// <summary>The window passed: runs what waited for it (each on its own, so one that fails does not stop the others).</summary>
    public void Expire()
    {
        Func<ValueTask>? callbacks;
        lock (_lock)
        {
            if (_state != Kept)
            {
                return;
            }

            _state = Expired;
            callbacks = _onExpired;
            _onExpired = null;
        }

        foreach (var callback in Delegate.EnumerateInvocationList(callbacks))
        {
            _ = callback();
        }
    }
}
