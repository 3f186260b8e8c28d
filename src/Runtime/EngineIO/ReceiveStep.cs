using System.IO.Pipelines;
using TypedSockets.WebSockets;

namespace TypedSockets.EngineIO;

/// <summary>The one operation a batch of the receive loop stopped at because it would wait.</summary>
internal readonly struct ReceiveStep
{
    public static readonly ReceiveStep Stop = new(ReceiveStepKind.Stop);

    public ReceiveStep(ValueTask<ReadResult> read)
    {
        Kind = ReceiveStepKind.Read;
        Read = read;
    }

    public ReceiveStep(ValueTask<WebSocketMessage> receive)
    {
        Kind = ReceiveStepKind.Receive;
        Receive = receive;
    }

    public ReceiveStep(ValueTask<bool> handle)
    {
        Kind = ReceiveStepKind.Handle;
        Handle = handle;
    }

    private ReceiveStep(ReceiveStepKind kind) => Kind = kind;

    public ReceiveStepKind Kind { get; }

    public ValueTask<ReadResult> Read { get; }

    public ValueTask<WebSocketMessage> Receive { get; }

    public ValueTask<bool> Handle { get; }
}
