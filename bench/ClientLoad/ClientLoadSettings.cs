namespace TypedSockets.Bench.ClientLoad;

/// <summary>The sizes of one run: <see cref="Connections"/> × <see cref="Window"/> calls in flight for <see cref="Duration"/>.</summary>
internal sealed record ClientLoadSettings
{
    /// <summary>Every call's payload (and answer) is a string of this many ASCII characters, unique per caller.</summary>
    public int PayloadBytes { get; init; } = 64;

    public int Connections { get; init; } = 64;

    /// <summary>Calls in flight per connection: this many callers, each awaiting its answer before the next call.</summary>
    public int Window { get; init; } = 16;

    /// <summary>Calls before the measured window (tiered JIT, pools, buffers), not counted.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the calls still in flight at the end may take to come back before they count as lost.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tiny sizes for about a second: checks that everything works, measures nothing.</summary>
    public static ClientLoadSettings Smoke { get; } = new()
    {
        Connections = 4,
        Window = 4,
        Warmup = TimeSpan.FromSeconds(0.3),
        Duration = TimeSpan.FromSeconds(1),
        DrainTimeout = TimeSpan.FromSeconds(5),
    };
}
