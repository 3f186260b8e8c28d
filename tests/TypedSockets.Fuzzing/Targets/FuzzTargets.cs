namespace TypedSockets.Fuzzing;

/// <summary>
/// One fuzz target: takes any bytes and either returns (the parser accepted or refused them in its own terms) or
/// throws — a <see cref="FuzzInvariantException"/> for a broken invariant, anything else for an exception that
/// escaped the parser. Both are crashes to the fuzzer and failures to the corpus replay test.
/// </summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>The targets by name: the name is the argument of the fuzzing app and the folder of the corpus under tests/fuzz.</summary>
internal static class FuzzTargets
{
    private static readonly (string Name, FuzzTarget Target)[] All =
    [
        ("websocket-frames", WebSocketFrameTarget.Run),
        ("utf8-validator", Utf8ValidatorTarget.Run),
        ("upgrade-head", UpgradeRequestHeadTarget.Run),
        ("engineio-polling", EngineIOPollingTarget.Run),
        ("socketio-packets", SocketIOPacketTarget.Run),
        ("hub-arguments", HubArgumentsTarget.Run),
        ("redis-envelope", RedisEnvelopeTarget.Run),
    ];

    public static IEnumerable<string> Names => All.Select(static t => t.Name);

    public static FuzzTarget Get(string name)
    {
        foreach (var (n, target) in All)
        {
            if (n == name)
            {
                return target;
            }
        }

        throw new ArgumentException($"Unknown fuzz target '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
    }
}
