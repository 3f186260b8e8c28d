namespace TypedSockets.SocketIO;

/// <summary>
/// Several observers behind one reference, so the server keeps a single field and the paths that report check it
/// once (null: nobody watches, nothing is called).
/// </summary>
internal sealed class SocketIOObservers(ISocketIOObserver[] observers) : ISocketIOObserver
{
    internal static ISocketIOObserver Combine(ISocketIOObserver? current, ISocketIOObserver added) => current switch
    {
        null => added,
        SocketIOObservers many => new SocketIOObservers([.. many._observers, added]),
        _ => new SocketIOObservers([current, added]),
    };

    private readonly ISocketIOObserver[] _observers = observers;

    public void OnSocketConnected(Socket socket)
    {
        foreach (var observer in _observers)
        {
            observer.OnSocketConnected(socket);
        }
    }

    public void OnSocketDisconnected(Socket socket, string reason)
    {
        foreach (var observer in _observers)
        {
            observer.OnSocketDisconnected(socket, reason);
        }
    }

    public void OnRoomJoined(Socket socket, string room)
    {
        foreach (var observer in _observers)
        {
            observer.OnRoomJoined(socket, room);
        }
    }

    public void OnRoomLeft(Socket socket, string room)
    {
        foreach (var observer in _observers)
        {
            observer.OnRoomLeft(socket, room);
        }
    }

    public void OnEventReceived(in SocketIOEvent incoming)
    {
        foreach (var observer in _observers)
        {
            observer.OnEventReceived(incoming);
        }
    }

    public void OnEventSent(Socket socket, ReadOnlySpan<byte> eventJson)
    {
        foreach (var observer in _observers)
        {
            observer.OnEventSent(socket, eventJson);
        }
    }
}
