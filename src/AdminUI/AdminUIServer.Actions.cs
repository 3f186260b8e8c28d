using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.AdminUI;

/// <summary>
/// The actions a dashboard sends, as socket.io's admin server (v4 servers) handles them: each selects the sockets of a
/// namespace, or of one room of it (<c>filter</c>; a socket's id for a single socket), on every node of the cluster.
/// </summary>
internal sealed partial class AdminUIServer
{
    private void RegisterActions(Socket dashboard)
    {
        // join(nsp, room, filter?) and leave(nsp, room, filter?)
        dashboard.On("join", incoming => RunAction("join", incoming, static (nsp, filter, arguments) =>
        {
            if (!TryReadString(arguments, 1, out var room))
            {
                return false;
            }

            if (filter is null)
            {
                nsp.SocketsJoin(room);
            }
            else
            {
                nsp.To(filter).SocketsJoin(room);
            }

            return true;
        }, filterIndex: 2));

        dashboard.On("leave", incoming => RunAction("leave", incoming, static (nsp, filter, arguments) =>
        {
            if (!TryReadString(arguments, 1, out var room))
            {
                return false;
            }

            if (filter is null)
            {
                nsp.SocketsLeave(room);
            }
            else
            {
                nsp.To(filter).SocketsLeave(room);
            }

            return true;
        }, filterIndex: 2));

        // _disconnect(nsp, close, filter?)
        dashboard.On("_disconnect", incoming => RunAction("_disconnect", incoming, static (nsp, filter, arguments) =>
        {
            var close = TryReadBoolean(arguments, 1, out var value) && value;
            if (filter is null)
            {
                nsp.DisconnectSockets(close);
            }
            else
            {
                nsp.To(filter).DisconnectSockets(close);
            }

            return true;
        }, filterIndex: 2));

        // emit(nsp, filter, event, ...args)
        dashboard.On("emit", incoming => RunAction("emit", incoming, static (nsp, filter, arguments) =>
        {
            if (!TryReadString(arguments, 2, out var eventName))
            {
                return false;
            }

            if (filter is null)
            {
                nsp.Emit(eventName, arguments, WriteEmitArguments);
            }
            else
            {
                nsp.To(filter).Emit(eventName, arguments, WriteEmitArguments);
            }

            return true;
        }, filterIndex: 1));
    }

    private static void WriteEmitArguments(ArgumentWriter writer, EventArguments arguments)
    {
        for (var i = 3; i < arguments.Count; i++)
        {
            writer.WriteJson(arguments[i].Span);
        }
    }

    private ValueTask RunAction(string action, SocketIOEvent incoming, Func<Namespace, string?, EventArguments, bool> run, int filterIndex)
    {
        var arguments = incoming.Arguments;
        var done = false;
        try
        {
            if (TryReadString(arguments, 0, out var name) && FindNamespace(name) is { } nsp)
            {
                var filter = TryReadString(arguments, filterIndex, out var room) ? room : null;
                done = run(nsp, filter, arguments);
            }
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            done = false;
        }

        if (!done)
        {
            AdminUILog.ActionIgnored(_logger, action);
        }

        return ValueTask.CompletedTask;
    }

    private static bool TryReadString(EventArguments arguments, int index, out string value)
    {
        value = string.Empty;
        if (index >= arguments.Count)
        {
            return false;
        }

        var reader = arguments.GetReader(index);
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString()!;
        return value.Length > 0;
    }

    private static bool TryReadBoolean(EventArguments arguments, int index, out bool value)
    {
        value = false;
        if (index >= arguments.Count)
        {
            return false;
        }

        var reader = arguments.GetReader(index);
        if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
        {
            return false;
        }

        value = reader.GetBoolean();
        return true;
    }
}
