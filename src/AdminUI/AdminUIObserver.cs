using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.AdminUI;

/// <summary>
/// Turns what happens to this node's sockets into the admin protocol's reports to the dashboards (the admin
/// namespace's broadcasts reach them on every node): <c>socket_connected</c>, <c>socket_updated</c> (a transport upgrade),
/// <c>socket_disconnected</c>, <c>room_joined</c>, <c>room_left</c>, <c>event_received</c>, <c>event_sent</c> in
/// <see cref="AdminUIMode.Development"/>, and the aggregated counts of <c>server_stats</c> in both modes. The admin
/// namespace's own events are not reported (a report is an event: it would report itself).
/// </summary>
internal sealed class AdminUIObserver(AdminUIServer owner) : ISocketIOObserver
{
    private readonly Lock _lock = new();

    // This node's sockets with the time each connected and the transport last reported; and its Engine.IO clients
    // (sessions) with how many sockets each has, one of them standing for the session.
    private readonly Dictionary<Socket, Tracked> _sockets = [];
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);

    private bool Verbose => owner.Mode == AdminUIMode.Development;

    public void OnSocketConnected(Socket socket)
    {
        var now = owner.Time.GetUtcNow();
        bool newClient;
        lock (_lock)
        {
            _sockets[socket] = new Tracked(now, socket.Transport);
            newClient = !_clients.TryGetValue(socket.SessionId, out var client);
            if (newClient)
            {
                _clients[socket.SessionId] = new Client(socket, 1);
            }
            else
            {
                _clients[socket.SessionId] = client with { Sockets = client.Sockets + 1 };
            }
        }

        if (newClient)
        {
            owner.Counts.Add("rawConnection");
        }

        if (Verbose)
        {
            Report("socket_connected", (socket, now), static (json, state) =>
            {
                AdminUIJson.WriteSocket(json, state.socket, state.now);
                AdminUIJson.WriteDate(json, state.now);
            });
        }
    }

    public void OnSocketDisconnected(Socket socket, string reason)
    {
        var lastOfClient = false;
        lock (_lock)
        {
            _sockets.Remove(socket);
            if (_clients.TryGetValue(socket.SessionId, out var client))
            {
                lastOfClient = client.Sockets <= 1;
                if (lastOfClient)
                {
                    _clients.Remove(socket.SessionId);
                }
                else
                {
                    _clients[socket.SessionId] = new Client(client.Socket == socket ? FindOtherSocketLocked(socket) ?? socket : client.Socket, client.Sockets - 1);
                }
            }
        }

        if (lastOfClient)
        {
            owner.Counts.Add("rawDisconnection", reason);
        }

        if (Verbose)
        {
            Report("socket_disconnected", (socket, reason, owner.Time.GetUtcNow()), static (json, state) =>
            {
                json.WriteStringValue(state.socket.Namespace.Name);
                json.WriteStringValue(state.socket.Id);
                json.WriteStringValue(state.reason);
                AdminUIJson.WriteDate(json, state.Item3);
            });
        }
    }

    public void OnRoomJoined(Socket socket, string room) => ReportRoom("room_joined", socket, room);

    public void OnRoomLeft(Socket socket, string room) => ReportRoom("room_left", socket, room);

    public void OnEventReceived(in SocketIOEvent incoming)
    {
        var socket = incoming.Socket;
        if (socket.Namespace == owner.Namespace)
        {
            return;
        }

        var arguments = incoming.Arguments;
        long bytes = incoming.NameUtf8.Length;
        for (var i = 0; i < arguments.Count; i++)
        {
            bytes += arguments[i].Length;
        }

        owner.Counts.Add("packetsIn");
        owner.Counts.Add("bytesIn", null, bytes);
        if (!Verbose)
        {
            return;
        }

        Report("event_received", (socket, incoming.Name, arguments, owner.Time.GetUtcNow()), static (json, state) =>
        {
            json.WriteStringValue(state.socket.Namespace.Name);
            json.WriteStringValue(state.socket.Id);
            json.WriteStartArray();
            json.WriteStringValue(state.Name);
            for (var i = 0; i < state.arguments.Count; i++)
            {
                json.WriteRawValue(state.arguments[i].Span, skipInputValidation: true);
            }

            json.WriteEndArray();
            AdminUIJson.WriteDate(json, state.Item4);
        });
    }

    public void OnEventSent(Socket socket, ReadOnlySpan<byte> eventJson)
    {
        if (socket.Namespace == owner.Namespace)
        {
            return;
        }

        owner.Counts.Add("packetsOut");
        owner.Counts.Add("bytesOut", null, eventJson.Length);
        if (!Verbose)
        {
            return;
        }

        Report("event_sent", new SentEvent(socket, eventJson, owner.Time.GetUtcNow()), static (json, state) =>
        {
            json.WriteStringValue(state.Socket.Namespace.Name);
            json.WriteStringValue(state.Socket.Id);
            json.WriteRawValue(state.EventJson, skipInputValidation: true);
            AdminUIJson.WriteDate(json, state.Time);
        });
    }

    /// <summary>Engine.IO clients of this node, and how many of them are on long-polling.</summary>
    internal (int Clients, int Polling) CountClients()
    {
        lock (_lock)
        {
            var polling = 0;
            foreach (var client in _clients.Values)
            {
                if (client.Socket.Transport == "polling")
                {
                    polling++;
                }
            }

            return (_clients.Count, polling);
        }
    }

    /// <summary>Reports the sockets whose connection moved from polling to WebSocket since the last check.</summary>
    internal void ReportUpgrades()
    {
        List<Socket>? upgraded = null;
        lock (_lock)
        {
            foreach (var (socket, tracked) in _sockets)
            {
                if (tracked.Transport == "polling" && socket.Transport != "polling")
                {
                    (upgraded ??= []).Add(socket);
                }
            }

            if (upgraded is not null)
            {
                foreach (var socket in upgraded)
                {
                    _sockets[socket] = _sockets[socket] with { Transport = socket.Transport };
                }
            }
        }

        if (upgraded is null)
        {
            return;
        }

        foreach (var socket in upgraded)
        {
            Report("socket_updated", socket, static (json, socket) =>
            {
                json.WriteStartObject();
                json.WriteString("id", socket.Id);
                json.WriteString("nsp", socket.Namespace.Name);
                json.WriteString("transport", socket.Transport);
                json.WriteEndObject();
            });
        }
    }

    /// <summary>Every socket of this node, in every namespace, as the page lists them.</summary>
    internal void WriteLocalSockets(Utf8JsonWriter json)
    {
        KeyValuePair<Socket, Tracked>[] sockets;
        lock (_lock)
        {
            sockets = [.. _sockets];
        }

        foreach (var (socket, tracked) in sockets)
        {
            if (socket.IsConnected)
            {
                AdminUIJson.WriteSocket(json, socket, tracked.ConnectedAt);
            }
        }
    }

    private void ReportRoom(string eventName, Socket socket, string room)
    {
        if (!Verbose)
        {
            return;
        }

        Report(eventName, (socket, room, owner.Time.GetUtcNow()), static (json, state) =>
        {
            json.WriteStringValue(state.socket.Namespace.Name);
            json.WriteStringValue(state.room);
            json.WriteStringValue(state.socket.Id);
            AdminUIJson.WriteDate(json, state.Item3);
        });
    }

    private delegate void WriteReport<TState>(Utf8JsonWriter json, TState state)
        where TState : allows ref struct;

    /// <summary>One report to every dashboard; a failure is logged, never thrown into the code that caused it.</summary>
    private void Report<TState>(string eventName, TState state, WriteReport<TState> write)
        where TState : allows ref struct
    {
        try
        {
            owner.Namespace.Emit(eventName, new ReportState<TState>(state, write), static (writer, report) => report.Write(writer.Json, report.State));
        }
        catch (Exception exception)
        {
            AdminUILog.ReportFailed(owner.Logger, exception);
        }
    }

    private Socket? FindOtherSocketLocked(Socket leaving)
    {
        foreach (var socket in _sockets.Keys)
        {
            if (socket != leaving && socket.SessionId == leaving.SessionId)
            {
                return socket;
            }
        }

        return null;
    }

    private readonly ref struct ReportState<TState>(TState state, WriteReport<TState> write)
        where TState : allows ref struct
    {
        public TState State { get; } = state;

        public WriteReport<TState> Write { get; } = write;
    }

    private readonly ref struct SentEvent(Socket socket, ReadOnlySpan<byte> eventJson, DateTimeOffset time)
    {
        public Socket Socket { get; } = socket;

        public ReadOnlySpan<byte> EventJson { get; } = eventJson;

        public DateTimeOffset Time { get; } = time;
    }

    private readonly record struct Tracked(DateTimeOffset ConnectedAt, string Transport);

    private readonly record struct Client(Socket Socket, int Sockets);
}
