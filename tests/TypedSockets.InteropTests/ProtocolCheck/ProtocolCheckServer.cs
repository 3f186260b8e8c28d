using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TypedSockets.Tests.EngineIO;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.ProtocolCheck;

/// <summary>
/// samples/ProtocolCheck in one mode, shared by a test class, with raw peers: <see cref="HttpClient"/> for
/// long-polling and .NET's <see cref="ClientWebSocket"/> for WebSocket. Every test opens its own sessions.
/// </summary>
public abstract class ProtocolCheckServer : IAsyncLifetime
{
    private readonly string _mode;
    private readonly string _path;
    private SampleProcess? _process;

    protected ProtocolCheckServer(string mode, string path)
    {
        _mode = mode;
        _path = path;
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    internal string Output => _process?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        // Engine.IO's debug log names each session that closes and why: tests wait for that line instead of a while.
        _process = await SampleProcess.StartAsync("ProtocolCheck", "--mode", _mode, "--Logging:LogLevel:TypedSockets.EngineIO", "Debug");
        Http.BaseAddress = new Uri(_process.BaseUrl);
    }

    /// <summary>Waits until the server logs that session <paramref name="sid"/> closed for <paramref name="reason"/>.</summary>
    public Task WaitForSessionClosedAsync(string sid, string reason) =>
        _process!.WaitForLineAsync(
            line => line.Contains(sid, StringComparison.Ordinal) && line.Contains($"closed ({reason})", StringComparison.Ordinal),
            $"the close of session {sid} ({reason})");

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    /// <summary>The endpoint's relative URL with <paramref name="query"/>.</summary>
    public string Url(string query) => _path + "?" + query;

    public string PollingUrl(string sid) => Url("EIO=4&transport=polling&sid=" + Uri.EscapeDataString(sid));

    public Uri WebSocketUri(string query) => new(new Uri(Http.BaseAddress!.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), Url(query));

    /// <summary>Opens a polling session; returns its handshake (the JSON of the open packet).</summary>
    public async Task<JsonElement> OpenPollingAsync()
    {
        using var response = await Http.GetAsync(Url("EIO=4&transport=polling"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0", body, StringComparison.Ordinal);
        return JsonDocument.Parse(body[1..]).RootElement.Clone();
    }

    public async Task<string> OpenPollingSidAsync() => (await OpenPollingAsync()).GetProperty("sid").GetString()!;

    public Task<HttpResponseMessage> GetAsync(string sid, CancellationToken cancellationToken = default) =>
        Http.GetAsync(PollingUrl(sid), cancellationToken);

    public async Task<string> PollAsync(string sid)
    {
        using var response = await GetAsync(sid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The packets of the next polls up to the first that carries more than pings; pings are answered.</summary>
    public async Task<string[]> PollAnsweringPingsAsync(string sid)
    {
        while (true)
        {
            var packets = (await PollAsync(sid)).Split('\u001e');
            var others = packets.Where(packet => packet != "2").ToArray();
            if (others.Length < packets.Length)
            {
                await PushAsync(sid, "3");
            }

            if (others.Length > 0)
            {
                return others;
            }
        }
    }

    public Task<HttpResponseMessage> PostAsync(string sid, string body) =>
        Http.PostAsync(PollingUrl(sid), new StringContent(body, Encoding.UTF8, "text/plain"));

    public async Task PushAsync(string sid, string body)
    {
        using var response = await PostAsync(sid, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A WebSocket session; its open packet is read and returned with it.</summary>
    internal async Task<(EngineWebSocketClient Client, JsonElement Handshake)> OpenWebSocketAsync()
    {
        var client = await EngineWebSocketClient.ConnectAsync(WebSocketUri("EIO=4&transport=websocket"));
        var open = await client.ReceiveTextAsync();
        Assert.StartsWith("0", open, StringComparison.Ordinal);
        return (client, JsonDocument.Parse(open[1..]).RootElement.Clone());
    }

    /// <summary>The next message that is not a ping; pings (every 300 ms here) are answered on the way.</summary>
    internal static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(EngineWebSocketClient client)
    {
        while (true)
        {
            var message = await client.ReceiveAsync();
            if (message.Type != WebSocketMessageType.Text || message.Payload is not [(byte)'2'])
            {
                return message;
            }

            await client.SendTextAsync("3");
        }
    }

    /// <summary>The next text message that is not a ping (pings are answered).</summary>
    internal static async Task<string> ReceiveTextAsync(EngineWebSocketClient client)
    {
        var (type, payload) = await ReceiveAsync(client);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(payload);
    }

    /// <summary>The status of a request the server must refuse: 400 with Engine.IO's JSON error body.</summary>
    public static async Task AssertBadRequestAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("code").ValueKind);
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("message").ValueKind);
    }

    /// <summary>The HTTP status a WebSocket handshake to <paramref name="query"/> is refused with.</summary>
    public async Task<HttpStatusCode> RefusedWebSocketStatusAsync(string query)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(query), CancellationToken.None));
        return socket.HttpStatusCode;
    }
}
