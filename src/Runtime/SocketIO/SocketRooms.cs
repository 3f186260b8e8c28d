namespace TypedSockets.SocketIO;

/// <summary>
/// The rooms one socket is in, guarded by its namespace's lock. Every socket is in the room named by its id
/// (until it leaves it, which socket.io allows), so that membership is a flag and the namespace finds the socket
/// through its socket table; most sockets join no other room, so the set of named rooms is created on the first join.
/// </summary>
internal struct SocketRooms
{
    private HashSet<string>? _named;
    private bool _leftOwnRoom;

    /// <summary>True while the socket is in the room named by its own id.</summary>
    public readonly bool InOwnRoom => !_leftOwnRoom;

    /// <summary>How many rooms are joined besides the own one.</summary>
    public readonly int NamedCount => _named?.Count ?? 0;

    /// <summary>The rooms joined besides the own one (empty when none).</summary>
    public readonly IReadOnlyCollection<string> Named => _named is { } named ? named : [];

    public readonly bool Contains(string ownId, string room) =>
        room == ownId ? !_leftOwnRoom : _named is { } named && named.Contains(room);

    /// <summary>False when the socket was in the room already.</summary>
    public bool Add(string ownId, string room)
    {
        if (room == ownId)
        {
            var left = _leftOwnRoom;
            _leftOwnRoom = false;
            return left;
        }

        return (_named ??= new HashSet<string>(StringComparer.Ordinal)).Add(room);
    }

    /// <summary>False when the socket was not in the room.</summary>
    public bool Remove(string ownId, string room)
    {
        if (room == ownId)
        {
            var wasIn = !_leftOwnRoom;
            _leftOwnRoom = true;
            return wasIn;
        }

        return _named is { } named && named.Remove(room);
    }

    /// <summary>A snapshot, the own room first.</summary>
    public readonly string[] ToArray(string ownId)
    {
        var named = _named?.Count ?? 0;
        var rooms = new string[named + (_leftOwnRoom ? 0 : 1)];
        var i = 0;
        if (!_leftOwnRoom)
        {
            rooms[i++] = ownId;
        }

        _named?.CopyTo(rooms, i);
        return rooms;
    }

    /// <summary>The socket left every room (it disconnected).</summary>
    public void Clear()
    {
        _named = null;
        _leftOwnRoom = true;
    }
}
