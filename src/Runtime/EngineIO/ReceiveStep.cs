using System.IO.Pipelines;

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

    public ReceiveStep(ValueTask<bool> handle)
    {
        Kind = ReceiveStepKind.Handle;
        Handle = handle;
    }

    private ReceiveStep(ReceiveStepKind kind) => Kind = kind;

    public ReceiveStepKind Kind { get; }

    public ValueTask<ReadResult> Read { get; }

    public ValueTask<bool> Handle { get; }
}
