using System.Net;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// engine.io-client 6.6's polling transport (socket.io-client 4.8's default first transport), as in a browser:
/// the handshake GET <c>?EIO=4&amp;transport=polling&amp;t=…</c>, then polls and POSTs with the <c>sid</c> and a fresh
/// <c>t</c> cache buster each; bodies are packets joined by <c>\x1e</c>; a write is posted at once unless a POST is in
/// flight (the rest go together when it ends). The engine answers pings itself, skips noops, and reports the
/// namespace CONNECT answer (<c>40{…}</c>); Socket.IO packets go to <see cref="PollingClient.Inbound"/>.
/// </summary>
internal sealed class EngineIOPollingClient : PollingClient
{
    private const byte Separator = 0x1e;
    private static readonly ReadOnlyMemory<byte> NoHeaders = ReadOnlyMemory<byte>.Empty;

    private readonly byte[] _sendHeaders;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _sid = "";

    public EngineIOPollingClient(IPEndPoint endpoint, string path, Dialect dialect, ErrorLog errors)
        : base(endpoint, path, dialect, errors)
    {
        // XMLHttpRequest with a string body; a browser adds the Origin to every POST.
        _sendHeaders = Encoding.ASCII.GetBytes($"Content-type: text/plain;charset=UTF-8\r\nOrigin: http://{endpoint}\r\n");
    }

    /// <summary>The Engine.IO session id from the handshake.</summary>
    public string Sid => _sid;

    /// <summary>Completes when the namespace CONNECT was answered.</summary>
    public Task Connected => _connected.Task;

    protected override ReadOnlyMemory<byte> PollHeaders => NoHeaders;

    protected override ReadOnlyMemory<byte> SendHeaders => _sendHeaders;

    protected override bool FlushOnSend => true;

    /// <summary>Path and query of the WebSocket that takes the session over.</summary>
    public string UpgradePath => $"{Path}?EIO=4&transport=websocket&sid={_sid}";

    protected override string PollPath() => $"{Path}?EIO=4&transport=polling&sid={_sid}&t={CacheBuster()}";

    protected override string SendPath() => PollPath();

    /// <summary>engine.io-client's <c>randomString()</c>: base-36 milliseconds without their first 3 digits, then 3 random base-36 digits.</summary>
    private static string CacheBuster()
    {
        Span<char> text = stackalloc char[16];
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var digits = 0;
        Span<char> reversed = stackalloc char[16];
        do
        {
            reversed[digits++] = Base36((int)(milliseconds % 36));
            milliseconds /= 36;
        }
        while (milliseconds > 0);

        var length = 0;
        for (var i = digits - 4; i >= 0; i--)
        {
            text[length++] = reversed[i];
        }

        for (var i = 0; i < 3; i++)
        {
            text[length++] = Base36(Random.Shared.Next(36));
        }

        return new string(text[..length]);

        static char Base36(int digit) => (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
    }

    /// <summary>The handshake GET; its answer is the open packet <c>0{"sid":…}</c>.</summary>
    public async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        _sid = await RequestAsync("GET", $"{Path}?EIO=4&transport=polling&t={CacheBuster()}", NoHeaders, default, static (status, body) =>
        {
            if (status != 200 || body.IsEmpty || body[0] != (byte)'0')
            {
                throw new IOException($"the polling handshake was answered {status} '{Shown(body)}'");
            }

            var reader = new Utf8JsonReader(body[1..]);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("sid"u8) && reader.Read())
                {
                    return reader.GetString() ?? "";
                }
            }

            throw new IOException($"the open packet has no sid: '{Shown(body)}'");
        }, cancellationToken);
    }

    /// <summary>socket.io-client with <c>transports: ["polling"]</c>: the handshake, the CONNECT posted, polls until it is answered.</summary>
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        await HandshakeAsync(cancellationToken);
        Send("40"u8);
        StartPolling();
        await Connected.WaitAsync(cancellationToken);
    }

    protected override void Frame(ref byte[] body, ref int length, int count, ReadOnlySpan<byte> packet)
    {
        if (count > 0)
        {
            body[length++] = Separator;
        }

        packet.CopyTo(body.AsSpan(length));
        length += packet.Length;
    }

    protected override void OnPollBody(ReadOnlySpan<byte> body)
    {
        foreach (var range in body.Split(Separator))
        {
            var packet = body[range];
            if (packet.SequenceEqual("6"u8))
            {
                // noop: the server ended a poll (during an upgrade) with nothing to say.
                continue;
            }

            if (packet.SequenceEqual("2"u8))
            {
                Send("3"u8);
                continue;
            }

            if (packet.StartsWith("40"u8))
            {
                if (!_connected.TrySetResult())
                {
                    Errors.Add($"{Dialect.Name} over long-polling: a second namespace CONNECT answer");
                }

                continue;
            }

            if (packet.StartsWith("44"u8) || packet.StartsWith("1"u8))
            {
                // CONNECT_ERROR, or the server closed the session.
                Errors.Add($"{Dialect.Name} over long-polling: the server refused or closed the session: '{Shown(packet)}'");
                _connected.TrySetException(new IOException($"the server refused or closed the session: '{Shown(packet)}'"));
                continue;
            }

            if (packet.StartsWith("4"u8))
            {
                Dialect.Dispatch(packet, InboundOrStrict);
                continue;
            }

            Errors.Add($"{Dialect.Name} over long-polling: unexpected packet '{Shown(packet)}'");
        }
    }

    private static string Shown(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.Length > 120 ? bytes[..120] : bytes);
}
