using System.Collections.Concurrent;
using System.Text;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// A session handler for tests: echoes every message back unchanged (unless <see cref="OnMessage"/> says
/// otherwise) and records what it was called with, per session, to check order and overlap.
/// </summary>
internal sealed class RecordingEngineHandler : IEngineSessionAcceptor
{
    public ConcurrentDictionary<string, SessionRecord> Sessions { get; } = new();

    /// <summary>Replaces the echo; called for each message.</summary>
    public Func<IEngineSession, ReadOnlyMemory<byte>, bool, ValueTask>? OnMessage { get; set; }

    public static void Send(IEngineSession session, ReadOnlySpan<byte> payload, bool isBinary)
    {
        var message = CreateMessage(payload, isBinary);
        session.Send(message);
        message.Release();
    }

    public static EngineMessage CreateMessage(ReadOnlySpan<byte> payload, bool isBinary)
    {
        using var writer = new EngineMessageWriter(payload.Length);
        payload.CopyTo(writer.GetSpan(payload.Length));
        writer.Advance(payload.Length);
        return writer.ToMessage(isBinary);
    }

    public SessionRecord Get(string sid) => Sessions.GetOrAdd(sid, _ => new SessionRecord());

    public IEngineSessionHandler OnOpen(IEngineSession session)
    {
        var record = Get(session.Id);
        record.Enter();
        record.Session = session;
        record.Add("open");
        record.Exit();
        return new Handler(this, session, record);
    }

    private async ValueTask OnMessageAsync(IEngineSession session, SessionRecord record, ReadOnlyMemory<byte> payload, bool isBinary)
    {
        record.Enter();
        record.Add(isBinary ? "binary:" + Convert.ToHexString(payload.Span) : "text:" + Encoding.UTF8.GetString(payload.Span));
        if (OnMessage is { } onMessage)
        {
            await onMessage(session, payload, isBinary);
        }
        else
        {
            Send(session, payload.Span, isBinary);
        }

        record.Exit();
    }

    private sealed class Handler(RecordingEngineHandler owner, IEngineSession session, SessionRecord record) : IEngineSessionHandler
    {
        public ValueTask OnMessageAsync(ReadOnlyMemory<byte> payload, bool isBinary) => owner.OnMessageAsync(session, record, payload, isBinary);

        public void OnClose(EngineCloseReason reason) => record.OnClose(reason.ToReasonString());
    }

    internal sealed class SessionRecord
    {
        private readonly List<string> _events = [];
        private int _inCall;

        public IEngineSession? Session { get; set; }

        public TaskCompletionSource<string> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Overlapped { get; private set; }

        public string[] Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Add(string value)
        {
            lock (_events)
            {
                _events.Add(value);
            }
        }

        public void Enter()
        {
            if (Interlocked.Increment(ref _inCall) != 1)
            {
                Overlapped = true;
            }
        }

        public void Exit() => Interlocked.Decrement(ref _inCall);

        public void OnClose(string reason)
        {
            Enter();
            Add("close:" + reason);
            Closed.TrySetResult(reason);
            Exit();
        }

        public Task<string> WaitClosedAsync() => Closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
