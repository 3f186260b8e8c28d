namespace TypedSockets.Bench.LoadGen;

/// <summary>What all sessions of one rpc-echo run share.</summary>
internal sealed class EchoRun(byte[] payload)
{
    public byte[] Payload { get; } = payload;

    public RunPhase Phase { get; } = new();

    public LatencyHistogram Latency { get; } = new();
}
