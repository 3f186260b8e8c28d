using System.Net;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// @microsoft/signalr's HTTP side in a browser (its fetch client): the negotiate POST
/// <c>&lt;hub&gt;/negotiate?negotiateVersion=1</c>, and its long-polling transport: a first GET the server answers at
/// once, then polls <c>?id=&lt;connectionToken&gt;&amp;_=&lt;ms&gt;</c> in a loop, POSTs to <c>?id=…</c>, the JSON hub
/// handshake posted first. Records end with <c>\x1e</c>; the send queue posts everything one turn of the event loop
/// queued, so a whole poll's worth of new calls go in one POST.
/// </summary>
internal sealed class SignalRLongPollingClient : PollingClient
{
    private const byte RecordSeparator = 0x1e;

    /// <summary>What the fetch client adds to every request (<c>cache: "no-cache"</c> adds the last two).</summary>
    private const string ClientHeaders = "X-Requested-With: XMLHttpRequest\r\n" +
        "X-SignalR-User-Agent: Microsoft SignalR/9.0 (9.0.6; Unknown OS; Browser; Unknown Runtime Version)\r\n" +
        "Cache-Control: no-cache\r\nPragma: no-cache\r\n";

    private readonly byte[] _pollHeaders = Encoding.ASCII.GetBytes(ClientHeaders);
    private readonly byte[] _sendHeaders;
    private readonly byte[] _negotiateHeaders;
    private readonly TaskCompletionSource _handshaken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _pending = new byte[1024];
    private int _pendingLength;
    private string _token = "";

    public SignalRLongPollingClient(IPEndPoint endpoint, string path, Dialect dialect, ErrorLog errors)
        : base(endpoint, path, dialect, errors)
    {
        var origin = $"Origin: http://{endpoint}\r\n";
        _sendHeaders = Encoding.ASCII.GetBytes($"{ClientHeaders}Content-Type: text/plain;charset=UTF-8\r\n{origin}");
        // The negotiate POST has no body, so no content type.
        _negotiateHeaders = Encoding.ASCII.GetBytes($"{ClientHeaders}{origin}");
    }

    /// <summary>Path and query of the WebSocket that the negotiate answer leads to.</summary>
    public string WebSocketPath => $"{Path}?id={_token}";

    protected override ReadOnlyMemory<byte> PollHeaders => _pollHeaders;

    protected override ReadOnlyMemory<byte> SendHeaders => _sendHeaders;

    protected override bool FlushOnSend => false;

    protected override string PollPath() => $"{Path}?id={_token}&_={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";

    protected override string SendPath() => $"{Path}?id={_token}";

    /// <summary>The negotiate POST; fails unless the server offers <paramref name="transport"/> (<c>WebSockets</c>, <c>LongPolling</c>).</summary>
    public async Task NegotiateAsync(string transport, CancellationToken cancellationToken)
    {
        _token = await RequestAsync("POST", $"{Path}/negotiate?negotiateVersion=1", _negotiateHeaders, default, (status, body) =>
        {
            if (status != 200)
            {
                throw new IOException($"negotiate was answered {status} '{Shown(body)}'");
            }

            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            var offered = false;
            foreach (var available in root.GetProperty("availableTransports").EnumerateArray())
            {
                offered |= available.GetProperty("transport").GetString() == transport;
            }

            if (!offered)
            {
                throw new IOException($"negotiate does not offer {transport}: '{Shown(body)}'");
            }

            return root.GetProperty("connectionToken").GetString() ?? throw new IOException("negotiate gave no connectionToken");
        }, cancellationToken);
    }

    /// <summary>Negotiate, the first poll (answered at once), the poll loop, then the hub handshake over it.</summary>
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        await NegotiateAsync("LongPolling", cancellationToken);
        await RequestAsync("GET", PollPath(), _pollHeaders, default, static (status, body) =>
            status == 200 ? true : throw new IOException($"the first poll was answered {status} '{Shown(body)}'"), cancellationToken);
        StartPolling();
        Send("{\"protocol\":\"json\",\"version\":1}\u001e"u8);
        Flush();
        await _handshaken.Task.WaitAsync(cancellationToken);
    }

    protected override void Frame(ref byte[] body, ref int length, int count, ReadOnlySpan<byte> packet)
    {
        // Records carry their own separator: the send queue joins them as they are.
        packet.CopyTo(body.AsSpan(length));
        length += packet.Length;
    }

    protected override void OnPollBody(ReadOnlySpan<byte> body)
    {
        // A poll answer may in principle end inside a record: what follows the last separator waits for the next poll.
        if (_pendingLength + body.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pendingLength + body.Length, _pending.Length * 2));
        }

        body.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += body.Length;
        var records = _pending.AsSpan(0, _pendingLength);
        var complete = records.LastIndexOf(RecordSeparator) + 1;
        if (complete == 0)
        {
            return;
        }

        var whole = records[..complete];
        if (!_handshaken.Task.IsCompleted)
        {
            var end = whole.IndexOf(RecordSeparator);
            if (!whole[..end].SequenceEqual("{}"u8))
            {
                _handshaken.TrySetException(new IOException($"the hub handshake failed: '{Shown(whole)}'"));
            }
            else
            {
                _handshaken.TrySetResult();
            }

            whole = whole[(end + 1)..];
        }

        if (!whole.IsEmpty)
        {
            Dialect.Dispatch(whole, InboundOrStrict);
        }

        records[complete..].CopyTo(_pending);
        _pendingLength -= complete;
    }

    private static string Shown(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.Length > 120 ? bytes[..120] : bytes);
}
