using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Client.Transports;

/// <summary>
/// Engine.IO v4 HTTP long-polling for the client: a loop of GETs brings the server's packets (joined by <c>\x1e</c>,
/// binary as <c>b</c> + base64, split by <see cref="EnginePollingPayload"/>), each batch of sends is one POST. It may upgrade to
/// a WebSocket as engine.io-client does: probe (<c>2probe</c>/<c>3probe</c>), let the running poll finish, send
/// <c>5</c>, and from then on read and write the WebSocket.
/// </summary>
internal sealed class PollingClientTransport : ClientTransport
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "UTF-8" };
    private static readonly ReadOnlyMemory<byte> Probe = "2probe"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> UpgradePacket = "5"u8.ToArray();

    private readonly HttpClient _http;
    private readonly Uri _sessionUri;
    private readonly string _sid;
    private readonly long _maxPayload;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    // What the polls brought, in order; a switch marker wakes the reader once the WebSocket took over.
    private readonly Channel<Incoming> _incoming = Channel.CreateUnbounded<Incoming>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private Task _pollLoop = Task.CompletedTask;
    private Task _upgrade = Task.CompletedTask;
    private volatile bool _pausing;
    private volatile WebSocketConnection? _upgraded;

    private PollingClientTransport(HttpClient http, Uri sessionUri, string sid, long maxPayload, ILogger logger)
    {
        _http = http;
        _sid = sid;
        _maxPayload = maxPayload;
        _sessionUri = sessionUri;
        _logger = logger;
    }

    public override string Name => _upgraded is null ? EngineQuery.PollingTransport : EngineQuery.WebSocketTransport;

    /// <summary>
    /// The handshake: one GET without a sid, whose first packet must be the open packet; then the poll loop starts.
    /// </summary>
    public static async Task<(PollingClientTransport Transport, EngineOpenPacket Open)> OpenAsync(
        HttpClient http, Uri endpoint, string @namespace, ILogger logger, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(endpoint, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new SocketIOConnectException(@namespace, $"Connecting to namespace '{@namespace}' failed: the Engine.IO handshake over polling was answered {(int)response.StatusCode} {response.ReasonPhrase} {body}".TrimEnd() + ".");
        }

        var payload = (ReadOnlyMemory<byte>)await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var done = false;
        EnginePollingPayload.TryTakeNext(ref payload, ref done, out var first);
        var open = EngineOpenPacket.Parse(first.Span, @namespace);
        var sessionUri = new UriBuilder(endpoint) { Query = endpoint.Query.TrimStart('?') + "&sid=" + Uri.EscapeDataString(open.Sid) }.Uri;
        var transport = new PollingClientTransport(http, sessionUri, open.Sid, open.MaxPayload, logger);
        if (!transport.Enqueue(payload, done))
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw new SocketIOConnectException(@namespace, $"Connecting to namespace '{@namespace}' failed: the server sent invalid base64 in a binary packet.");
        }

        transport._pollLoop = Task.Run(transport.PollLoopAsync, CancellationToken.None);
        return (transport, open);
    }

    /// <summary>
    /// Probes a WebSocket to this session in the background and moves to it when the probe succeeds; on any failure the
    /// session stays on polling, as engine.io-client's does.
    /// </summary>
    public void StartUpgrade(Uri webSocketEndpoint, WebSocketClientOptions options, TimeSpan timeout)
    {
        var uri = new UriBuilder(webSocketEndpoint) { Query = webSocketEndpoint.Query.TrimStart('?') + "&sid=" + Uri.EscapeDataString(_sid) }.Uri;
        _upgrade = Task.Run(() => UpgradeAsync(uri, options, timeout), CancellationToken.None);
    }

    public override async ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_incoming.Reader.TryRead(out var incoming))
            {
                if (incoming.IsSwitch)
                {
                    continue;
                }

                return incoming.Message;
            }

            // Everything the polls brought is read: from here on the WebSocket's frames come in order after it.
            if (_upgraded is { } webSocket)
            {
                return await webSocket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new WebSocketMessage(WebSocketMessageKind.Close, ReadOnlyMemory<byte>.Empty);
            }
        }
    }

    public override ValueTask SendTextAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        SendAsync(packet, isBinary: false, cancellationToken);

    public override ValueTask SendBinaryAsync(ReadOnlyMemory<byte> attachment, CancellationToken cancellationToken) =>
        SendAsync(attachment, isBinary: true, cancellationToken);

    /// <summary>
    /// The batch in one POST, its packets joined by <c>\x1e</c> (binary ones as <c>b</c> + base64), as engine.io-client
    /// joins what was queued while its previous POST was in flight: several POSTs, one after the other, when the bodies
    /// would pass the server's maxPayload (a packet larger than that still goes, alone). After the upgrade, one
    /// WebSocket write.
    /// </summary>
    public override async ValueTask SendAsync(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken)
    {
        // One request at a time, and never one in flight while the upgrade switches over.
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_upgraded is { } webSocket)
            {
                await WebSocketClientTransport.ThrowUnlessSentAsync(webSocket.SendMessagesAsync(messages, cancellationToken)).ConfigureAwait(false);
                return;
            }

            var body = new ArrayBufferWriter<byte>(256);
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var length = message.Kind == WebSocketMessageKind.Binary ? EnginePollingPayload.BinaryLength(message.Payload.Length) : message.Payload.Length;
                if (body.WrittenCount > 0 && body.WrittenCount + 1 + length > _maxPayload)
                {
                    await PostAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    body.ResetWrittenCount();
                }

                if (body.WrittenCount > 0)
                {
                    EnginePollingPayload.WriteByte(body, EnginePollingPayload.Separator);
                }

                if (message.Kind == WebSocketMessageKind.Binary)
                {
                    EnginePollingPayload.WriteBinary(body, message.Payload.Span);
                }
                else
                {
                    body.Write(message.Payload.Span);
                }
            }

            if (body.WrittenCount > 0)
            {
                await PostAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public override async ValueTask CloseAsync()
    {
        try
        {
            if (_upgraded is { } webSocket)
            {
                await webSocket.CloseAsync(WebSocketCloseCode.NormalClosure).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(new[] { (byte)EnginePacketType.Close }, isBinary: false, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Already gone: nothing to say goodbye to.
        }
    }

    public override void Abort()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _upgraded?.Abort();
        _incoming.Writer.TryComplete();
    }

    public override async ValueTask DisposeAsync()
    {
        Abort();
        await _pollLoop.ConfigureAwait(false);
        await _upgrade.ConfigureAwait(false);
        if (_upgraded is { } webSocket)
        {
            await webSocket.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    // Single packets are the handshake's (its CONNECT, a pong before the sender takes over): a batch of one.
    private ValueTask SendAsync(ReadOnlyMemory<byte> packet, bool isBinary, CancellationToken cancellationToken) =>
        SendAsync([new WebSocketMessage(isBinary ? WebSocketMessageKind.Binary : WebSocketMessageKind.Text, packet)], cancellationToken);

    /// <summary>One POST of a body of packets; throws when the server did not take it.</summary>
    private async Task PostAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = TextPlain;
        using var response = await _http.PostAsync(_sessionUri, content, linked.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new IOException($"The server answered a polling POST with {(int)response.StatusCode}.");
        }
    }

    private async Task PollLoopAsync()
    {
        try
        {
            while (!_pausing)
            {
                using var response = await _http.GetAsync(_sessionUri, HttpCompletionOption.ResponseContentRead, _stop.Token).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    ClientLog.PollRefused(_logger, (int)response.StatusCode);
                    break;
                }

                var payload = (ReadOnlyMemory<byte>)await response.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false);
                if (!Enqueue(payload, done: false))
                {
                    ClientLog.ProtocolError(_logger, "invalid base64 in a binary packet");
                    break;
                }
            }

            if (_pausing)
            {
                return;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The session is gone (or the client dropped it): the reader sees the close.
        }

        _incoming.Writer.TryWrite(new Incoming(new WebSocketMessage(WebSocketMessageKind.Close, ReadOnlyMemory<byte>.Empty), false));
        _incoming.Writer.TryComplete();
    }

    /// <summary>Queues each packet of a polling body for the reader (copies of their own); false on invalid base64.</summary>
    private bool Enqueue(ReadOnlyMemory<byte> payload, bool done)
    {
        while (EnginePollingPayload.TryTakeNext(ref payload, ref done, out var packet))
        {
            if (packet.IsEmpty || packet.Span[0] == (byte)EnginePacketType.Noop)
            {
                continue;
            }

            if (!EnginePollingPayload.IsBinary(packet.Span))
            {
                _incoming.Writer.TryWrite(new Incoming(new WebSocketMessage(WebSocketMessageKind.Text, packet), false));
                continue;
            }

            if (!EnginePollingPayload.TryDecodeBinary(packet.Span[1..], out var decoded, out var length))
            {
                return false;
            }

            using (decoded)
            {
                _incoming.Writer.TryWrite(new Incoming(new WebSocketMessage(WebSocketMessageKind.Binary, decoded.Array.AsSpan(0, length).ToArray()), false));
            }
        }

        return true;
    }

    private async Task UpgradeAsync(Uri uri, WebSocketClientOptions options, TimeSpan timeout)
    {
        WebSocketConnection? webSocket = null;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            deadline.CancelAfter(timeout);
            webSocket = await WebSocketClient.ConnectAsync(uri, options, deadline.Token).ConfigureAwait(false);
            await webSocket.SendAsync(Probe, WebSocketMessageKind.Text, deadline.Token).ConfigureAwait(false);
            var answer = await webSocket.ReceiveAsync(deadline.Token).ConfigureAwait(false);
            if (answer.Kind != WebSocketMessageKind.Text || !answer.Payload.Span.SequenceEqual("3probe"u8))
            {
                throw new IOException("the server did not answer the probe with 3probe");
            }

            // Pause polling as engine.io-client does: the running poll ends (the server answers it with a noop once
            // probed) and its packets are queued before anything the WebSocket brings.
            _pausing = true;
            await _pollLoop.WaitAsync(deadline.Token).ConfigureAwait(false);
            await _sendGate.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                await webSocket.SendAsync(UpgradePacket, WebSocketMessageKind.Text, deadline.Token).ConfigureAwait(false);
                _upgraded = webSocket;
                webSocket = null;
            }
            finally
            {
                _sendGate.Release();
            }

            _incoming.Writer.TryWrite(new Incoming(default, true));
            ClientLog.Upgraded(_logger);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (!_stop.IsCancellationRequested)
            {
                ClientLog.UpgradeFailed(_logger, exception.Message);
            }

            if (_pausing && _upgraded is null)
            {
                // The polls stopped for an upgrade that did not happen: the session cannot go on.
                _incoming.Writer.TryWrite(new Incoming(new WebSocketMessage(WebSocketMessageKind.Close, ReadOnlyMemory<byte>.Empty), false));
                _incoming.Writer.TryComplete();
            }
        }
        finally
        {
            if (webSocket is not null)
            {
                await webSocket.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        return text.Length == 0 ? string.Empty : $"({text})";
    }

    private readonly record struct Incoming(WebSocketMessage Message, bool IsSwitch);
}
