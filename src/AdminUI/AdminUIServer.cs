using System.Text.Json;
using Microsoft.Extensions.Logging;
using TypedSockets.SocketIO;

namespace TypedSockets.AdminUI;

/// <summary>
/// The server half of the socket.io Admin UI on this node: the admin namespace with its login, the <c>config</c> and
/// <c>all_sockets</c> a dashboard gets when it connects, the actions it sends (join, leave, disconnect, emit), and the
/// periodic <c>server_stats</c>. What happens to sockets is reported by <see cref="AdminUIObserver"/>. Every node of a
/// cluster runs one: each reports its own sockets, and the admin namespace's broadcasts reach the dashboards wherever
/// they are connected.
/// </summary>
internal sealed partial class AdminUIServer : IDisposable
{
    // The page's feature flags (its typed-events.ts), in the order socket.io's admin server sends them.
    private static readonly string[] s_actionFeatures = ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"];

    private readonly SocketIOServer _server;
    private readonly AdminUIOptions _options;
    private readonly AdminUICredentials _credentials;
    private readonly AdminUISessions _sessions;
    private readonly ILogger _logger;
    private readonly long _started;
    private readonly string[] _features;
    private readonly string _hostname = Environment.MachineName;
    private readonly int _pid = Environment.ProcessId;
    private readonly ITimer _statsTimer;

    internal AdminUIServer(SocketIOServer server, AdminUIOptions options, AdminUIMode mode, AdminUICredentials credentials, TimeProvider time, ILogger logger)
    {
        _server = server;
        _options = options;
        _credentials = credentials;
        _logger = logger;
        Mode = mode;
        Time = time;
        _started = time.GetTimestamp();
        _sessions = new AdminUISessions(time, options.SessionLifetime);
        ServerId = options.ServerId is { Length: > 0 } id ? id : $"{Environment.MachineName}#{Environment.ProcessId}";
        Counts = new AdminUIEventCounts(time);
        _features = [.. options.ReadOnly ? [] : s_actionFeatures, "AGGREGATED_EVENTS", .. mode == AdminUIMode.Development ? ["ALL_EVENTS"] : Array.Empty<string>()];

        Namespace = server.Of(options.Namespace);
        Namespace.Use(AuthenticateAsync);
        Namespace.OnConnection(OnDashboardConnectedAsync);
        Observer = new AdminUIObserver(this);
        ListenToCluster();
        server.AddObserver(Observer);
        _statsTimer = time.CreateTimer(static state => ((AdminUIServer)state!).EmitStats(), this, TimeSpan.Zero, options.StatsInterval);
        AdminUILog.Started(logger, Namespace.Name, options.PagePath, mode, ServerId);
    }

    internal Namespace Namespace { get; }

    internal AdminUIMode Mode { get; }

    internal string ServerId { get; }

    internal TimeProvider Time { get; }

    internal AdminUIEventCounts Counts { get; }

    internal AdminUIObserver Observer { get; }

    internal ILogger Logger => _logger;

    public void Dispose() => _statsTimer.Dispose();

    /// <summary>
    /// The page logs in with <c>{username, password}</c> in the CONNECT auth payload and reconnects with the
    /// <c>{sessionId}</c> it got back; anything else is refused with socket.io's message <c>invalid credentials</c>.
    /// </summary>
    private ValueTask<ConnectError?> AuthenticateAsync(Socket socket)
    {
        string? sessionId = null, username = null, password = null;
        try
        {
            using var auth = JsonDocument.Parse(socket.Auth);
            if (auth.RootElement.ValueKind == JsonValueKind.Object)
            {
                sessionId = StringProperty(auth.RootElement, "sessionId");
                username = StringProperty(auth.RootElement, "username");
                password = StringProperty(auth.RootElement, "password");
            }
        }
        catch (JsonException)
        {
            // Not JSON we understand: no credentials.
        }

        if (sessionId is not null && _sessions.IsValid(sessionId))
        {
            return ValueTask.FromResult<ConnectError?>(null);
        }

        if (_credentials.Matches(username, password))
        {
            socket.Items[NewSessionKey] = _sessions.Create();
            return ValueTask.FromResult<ConnectError?>(null);
        }

        AdminUILog.LoginRefused(_logger, socket.Id);
        return ValueTask.FromResult<ConnectError?>(new ConnectError("invalid credentials"));
    }

    private const string NewSessionKey = "TypedSockets.AdminUI.Session";

    private ValueTask OnDashboardConnectedAsync(Socket dashboard)
    {
        if (dashboard.Items.TryGetValue(NewSessionKey, out var session) && session is string sessionId)
        {
            dashboard.Emit("session", sessionId, static (writer, id) => writer.Json.WriteStringValue(id));
        }

        if (!_options.ReadOnly)
        {
            RegisterActions(dashboard);
        }

        dashboard.Emit("config", _features, static (writer, features) =>
        {
            writer.Json.WriteStartObject();
            writer.Json.WriteStartArray("supportedFeatures");
            foreach (var feature in features)
            {
                writer.Json.WriteStringValue(feature);
            }

            writer.Json.WriteEndArray();
            writer.Json.WriteEndObject();
        });

        if (Mode == AdminUIMode.Development)
        {
            SendAllSockets(dashboard);
            dashboard.OnDisconnect(_ =>
            {
                ForgetRemoteSockets(dashboard.Id);
                return ValueTask.CompletedTask;
            });
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends <c>server_stats</c> to every dashboard (on every node): this node's clients, namespaces and counts.</summary>
    internal void EmitStats()
    {
        try
        {
            var (clients, polling) = Observer.CountClients();
            if (Mode == AdminUIMode.Development)
            {
                Observer.ReportUpgrades();
            }

            var stats = new ServerStats(this, clients, polling, Counts.TakeAll());
            Namespace.Emit("server_stats", stats, static (writer, stats) => stats.Write(writer.Json));
        }
        catch (Exception exception)
        {
            AdminUILog.ReportFailed(_logger, exception);
        }
    }

    private double UptimeSeconds => Time.GetElapsedTime(_started).TotalSeconds;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The <c>server_stats</c> payload, as socket.io's admin server sends it.</summary>
    private readonly struct ServerStats(AdminUIServer owner, int clients, int polling, Dictionary<(long Second, string Type, string? SubType), long> counts)
    {
        internal void Write(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteString("serverId", owner.ServerId);
            json.WriteString("hostname", owner._hostname);
            json.WriteNumber("pid", owner._pid);
            json.WriteNumber("uptime", Math.Round(owner.UptimeSeconds, 3));
            json.WriteNumber("clientsCount", clients);
            json.WriteNumber("pollingClientsCount", polling);
            json.WriteStartArray("aggregatedEvents");
            foreach (var ((second, type, subType), count) in counts)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp", second * 1000);
                json.WriteString("type", type);
                if (subType is not null)
                {
                    json.WriteString("subType", subType);
                }

                json.WriteNumber("count", count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("namespaces");
            foreach (var nsp in owner._server.Namespaces)
            {
                json.WriteStartObject();
                json.WriteString("name", nsp.Name);
                json.WriteNumber("socketsCount", nsp.SocketCount);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    /// <summary>The namespace a dashboard names, if this node declared it (a dashboard never declares one).</summary>
    private Namespace? FindNamespace(string name)
    {
        foreach (var nsp in _server.Namespaces)
        {
            if (nsp.Name == name)
            {
                return nsp;
            }
        }

        return null;
    }
}
