using System.Collections.Concurrent;
using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.AdminUI;

/// <summary>
/// <c>all_sockets</c>: the page replaces its whole list with each one it gets, so a dashboard is sent this node's sockets at
/// once and then, as the other nodes answer, the union again. The other nodes are asked with a server-side event and
/// answer with one (nothing reaches clients); a node that does not answer only leaves its sockets out until they show up
/// through their own <c>socket_connected</c> reports.
/// </summary>
internal sealed partial class AdminUIServer
{
    private const string FetchSocketsEvent = "typedsockets:admin-ui:fetch-sockets";
    private const string SocketsEvent = "typedsockets:admin-ui:sockets";

    // Per dashboard of this node: the sockets each other node reported, by server id.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonElement>> _remoteSockets = new(StringComparer.Ordinal);

    private void ListenToCluster()
    {
        if (_server.Backplane is null)
        {
            return;
        }

        Namespace.OnServerSideEvent(FetchSocketsEvent, OnFetchSocketsAsync);
        Namespace.OnServerSideEvent(SocketsEvent, OnSocketsAsync);
    }

    private void SendAllSockets(Socket dashboard)
    {
        if (_server.Backplane is not null)
        {
            _remoteSockets[dashboard.Id] = new ConcurrentDictionary<string, JsonElement>(StringComparer.Ordinal);
            Namespace.ServerSideEmit(FetchSocketsEvent, WriteRequest(dashboard.Id));
        }

        EmitAllSockets(dashboard);
    }

    private void ForgetRemoteSockets(string dashboardId) => _remoteSockets.TryRemove(dashboardId, out _);

    private void EmitAllSockets(Socket dashboard)
    {
        _remoteSockets.TryGetValue(dashboard.Id, out var remote);
        dashboard.Emit("all_sockets", (this, remote), static (writer, state) =>
        {
            var json = writer.Json;
            json.WriteStartArray();
            state.Item1.Observer.WriteLocalSockets(json);
            if (state.remote is not null)
            {
                foreach (var (_, sockets) in state.remote)
                {
                    foreach (var socket in sockets.EnumerateArray())
                    {
                        socket.WriteTo(json);
                    }
                }
            }

            json.WriteEndArray();
        });
    }

    /// <summary>Another node's dashboard asks for this node's sockets.</summary>
    private ValueTask OnFetchSocketsAsync(ReadOnlyMemory<byte> request)
    {
        if (Mode != AdminUIMode.Development || ReadRequester(request) is not { } requester)
        {
            return ValueTask.CompletedTask;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("requester", requester);
            json.WriteString("serverId", ServerId);
            json.WriteStartArray("sockets");
            Observer.WriteLocalSockets(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        Namespace.ServerSideEmit(SocketsEvent, buffer.WrittenSpan);
        return ValueTask.CompletedTask;
    }

    /// <summary>Another node answered: if the dashboard that asked is here, it gets the union.</summary>
    private ValueTask OnSocketsAsync(ReadOnlyMemory<byte> answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("requester", out var requester) || requester.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("serverId", out var serverId) || serverId.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("sockets", out var sockets) || sockets.ValueKind != JsonValueKind.Array
                || !_remoteSockets.TryGetValue(requester.GetString()!, out var remote)
                || !Namespace.TryGetSocket(requester.GetString()!, out var dashboard) || dashboard is null)
            {
                return ValueTask.CompletedTask;
            }

            remote[serverId.GetString()!] = sockets.Clone();
            EmitAllSockets(dashboard);
        }
        catch (JsonException)
        {
            // Not an answer of this protocol.
        }

        return ValueTask.CompletedTask;
    }

    private static byte[] WriteRequest(string requester)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("requester", requester);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? ReadRequester(ReadOnlyMemory<byte> request)
    {
        try
        {
            using var document = JsonDocument.Parse(request);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("requester", out var requester)
                && requester.ValueKind == JsonValueKind.String
                ? requester.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
