using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// The Engine.IO side of the seam, reduced to what the Socket.IO layer sees: it records what the server sends
/// (text as strings, attachments as "bin:" + hex) so layer tests read the exact wire text.
/// </summary>
internal sealed class TestEngineSession : IEngineSession
{
    private readonly Channel<string> _sent = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _closed = new();

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public EngineHandshake Handshake { get; } = new(new HeaderDictionary(), new QueryCollection(), null, new(), "/socket.io/");

    /// <summary>What the server answered when this session was opened.</summary>
    public IEngineSessionHandler? Handler { get; set; }

    public CancellationToken Closed => _closed.Token;

    public string? CloseReason { get; private set; }

    /// <summary>Sends beyond this many are refused and close the session, as a full outbound queue does.</summary>
    public int SendLimit { get; set; } = int.MaxValue;

    public bool Send(EngineMessage message)
    {
        if (_closed.IsCancellationRequested)
        {
            return false;
        }

        if (SendLimit-- <= 0)
        {
            Close("outbound queue full");
            return false;
        }

        _sent.Writer.TryWrite(message.IsBinary ? "bin:" + Convert.ToHexString(message.Payload.Span) : Encoding.UTF8.GetString(message.Payload.Span));
        return true;
    }

    public void Close(string reason)
    {
        CloseReason ??= reason;
        _closed.Cancel();
    }

    public async Task<string> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _sent.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Fails if the server sends this session anything more within a short while.</summary>
    public Task AssertQuietAsync() =>
        Quiet.AssertNothingArrivesWithin(_sent.Reader.WaitToReadAsync().AsTask(), "a packet sent to session " + Id);
}
