using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.EngineIO;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The Engine.IO packet decoder and the polling payload decoder (0x1E-separated packets, base64 for a binary
/// <c>b</c> packet), driven through the server's own request handling: each input opens a polling session with a
/// handshake GET and is then the body of one POST to it. Byte 0 of the input picks whether the POST declares its
/// Content-Length (bit 0) and whether it claims a binary body (bit 1); the rest is the body.
/// Invariants: no exception escapes the request; the answer is 200, 400 (refused: the session closed with a parse
/// error) or 413 (over maxPayload); what reached the session's handler is exactly what the Engine.IO v4
/// specification decodes from the body, in order (text of each <c>4</c> packet, bytes of each <c>b</c> packet),
/// decoded here independently; a refused or oversized body delivers nothing after the point of refusal.
/// </summary>
internal static class EngineIOPollingTarget
{
    private const int MaxPayload = 4096;
    private static readonly Recorder Handler = new();

    // A clock that never moves: no heartbeat, ping timeout or long-poll timer fires while an input runs, so the same
    // input takes the same path every time (with the real clock AFL++ saw the timers' code come and go and called
    // the target unstable). Each input opens and closes its own session, so no timer is ever due.
    private static readonly EngineServer Server = new(new EngineOptions { MaxPayload = MaxPayload }, Handler, NullLoggerFactory.Instance, new FakeTimeProvider());

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var declareLength = (input[0] & 1) != 0;
        var binaryBody = (input[0] & 2) != 0;
        var body = input[1..].ToArray();

        Handler.Delivered.Clear();
        Handler.Session = null;
        Send(Get(query: "?EIO=4&transport=polling"));
        var session = Handler.Session ?? throw new FuzzInvariantException("the handshake opened no session");
        var post = Get($"?EIO=4&transport=polling&sid={session.Id}");
        post.Request.Method = HttpMethods.Post;
        post.Request.ContentType = binaryBody ? "application/octet-stream" : "text/plain;charset=UTF-8";
        post.Request.Body = new MemoryStream(body);
        if (declareLength)
        {
            post.Request.ContentLength = body.Length;
        }

        var budget = AllocationBudget.Start(body.Length, 64);
        Send(post);
        budget.Check("the polling decoder");
        var status = post.Response.StatusCode;
        FuzzInvariantException.Check(status is 200 or 400 or 413, $"the POST was answered {status}");

        var expected = Decode(body, binaryBody, out var refusedAt);
        if (binaryBody)
        {
            // Refused for its content type before its size matters: Engine.IO v4 sends binary as base64 text.
            FuzzInvariantException.Check(status == 400, $"a binary body was answered {status}");
            FuzzInvariantException.Check(Handler.Delivered.Count == 0, "a binary body delivered messages");
        }
        else if (body.Length > MaxPayload)
        {
            FuzzInvariantException.Check(status == 413, $"a body of {body.Length} bytes over maxPayload was answered {status}");
            FuzzInvariantException.Check(Handler.Delivered.Count == 0, "a body over maxPayload delivered messages");
        }
        else
        {
            var expectedStatus = refusedAt >= 0 ? 400 : 200;
            FuzzInvariantException.Check(status == expectedStatus, $"the POST was answered {status}, the specification says {expectedStatus}");
            FuzzInvariantException.Check(Handler.Delivered.Count == expected.Count, $"{Handler.Delivered.Count} messages delivered, the specification decodes {expected.Count}");
            for (var i = 0; i < expected.Count; i++)
            {
                FuzzInvariantException.Check(Handler.Delivered[i] == expected[i], $"message {i} delivered as '{Handler.Delivered[i]}', the specification decodes '{expected[i]}'");
            }
        }

        session.Close("fuzz input done");
    }

    /// <summary>
    /// The Engine.IO v4 polling payload as the specification reads it: UTF-8 text, packets separated by 0x1E,
    /// <c>4</c> a message, <c>b</c> base64 binary (canonical, whitespace ignored), <c>3</c> pong, <c>0</c>/<c>5</c>/<c>6</c> ignored, <c>1</c> ends the
    /// body; anything else (a ping, an unknown type, an empty packet, bad base64) is a parse error.
    /// </summary>
    private static List<string> Decode(byte[] body, bool binaryBody, out int refusedAt)
    {
        var messages = new List<string>();
        refusedAt = -1;
        if (binaryBody || !Utf8.IsValid(body))
        {
            refusedAt = 0;
            return messages;
        }

        var packets = Encoding.UTF8.GetString(body).Split('\u001e');
        for (var i = 0; i < packets.Length; i++)
        {
            var packet = packets[i];
            switch (packet.Length == 0 ? '\0' : packet[0])
            {
                case '4':
                    messages.Add("text:" + packet[1..]);
                    break;
                case 'b':
                    if (!TryDecodeBase64(packet[1..], out var bytes))
                    {
                        refusedAt = i;
                        return messages;
                    }

                    messages.Add("binary:" + Convert.ToHexString(bytes));
                    break;
                case '1':
                    return messages;
                case '0' or '3' or '5' or '6':
                    break;
                default:
                    refusedAt = i;
                    return messages;
            }
        }

        return messages;
    }

    /// <summary>
    /// Base64 as RFC 4648 §4 has it, whitespace ignored; an encoding whose pad bits are not zero (RFC 4648 §3.5:
    /// "AB==" for the byte that "AA==" encodes) is refused, as the server does: no encoder produces it.
    /// </summary>
    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }

        var canonical = Convert.ToBase64String(bytes);
        var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        return compact == canonical;
    }

    private static DefaultHttpContext Get(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = EngineOptions.DefaultPath;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static void Send(HttpContext context)
    {
        var handling = Server.HandleRequestAsync(context);
        FuzzInvariantException.Check(handling.Wait(TimeSpan.FromSeconds(10)), "a request was not answered within 10 seconds");
    }

    private sealed class Recorder : IEngineSessionAcceptor, IEngineSessionHandler
    {
        public List<string> Delivered { get; } = [];

        public IEngineSession? Session { get; set; }

        public IEngineSessionHandler OnOpen(IEngineSession session)
        {
            Session = session;
            return this;
        }

        public ValueTask OnMessageAsync(ReadOnlyMemory<byte> payload, bool isBinary)
        {
            Delivered.Add(isBinary ? "binary:" + Convert.ToHexString(payload.Span) : "text:" + Encoding.UTF8.GetString(payload.Span));
            return ValueTask.CompletedTask;
        }

        public void OnClose(EngineCloseReason reason)
        {
        }
    }
}
