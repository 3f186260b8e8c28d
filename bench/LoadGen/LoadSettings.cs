namespace TypedSockets.Bench.LoadGen;

/// <summary>Sizes and durations of every scenario; <see cref="Smoke"/> runs each for about a second with tiny sizes.</summary>
internal sealed record LoadSettings
{
    public int EchoConnections { get; init; } = 64;

    public int EchoWindow { get; init; } = 16;

    public int PayloadSize { get; init; } = 64;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<int> BroadcastReceivers { get; init; } = [1000, 5000];

    public int PublishWindow { get; init; } = 4;

    /// <summary>How many publishes the publisher may run ahead of the slowest deliveries.</summary>
    public int PublishMaxLag { get; init; } = 8;

    public IReadOnlyList<int> IdleConnections { get; init; } = [5000, 10000];

    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(2);

    public int ConnectCount { get; init; } = 5000;

    public int ConnectConcurrency { get; init; } = 16;

    /// <summary>
    /// How long the connect-rate scenario keeps its connections open after the measured window, so a profiler
    /// outside (perf stat -I, perf report --time) can tell the connects from the teardown.
    /// </summary>
    public TimeSpan ConnectHold { get; init; } = TimeSpan.Zero;

    /// <summary>Handshakes in flight while setting up receivers and idle connections (not measured).</summary>
    public int SetupConcurrency { get; init; } = 32;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Scale scenario: the connection counts measured (sizes over the open-file limits are reported, not run).</summary>
    public IReadOnlyList<int> ScaleSizes { get; init; } = [10000, 50000, 100000];

    /// <summary>Scale scenario: the connect rate is reported per this many equal bands of the fill.</summary>
    public int ScaleBands { get; init; } = 10;

    /// <summary>Scale scenario: loopback source addresses to bind client sockets to; null: as many as the port range needs.</summary>
    public int? ScaleSourceAddresses { get; init; }

    /// <summary>Scale scenario: whether to add the largest round size that fits when a size does not.</summary>
    public bool ScaleAddLargestFitting { get; init; } = true;

    /// <summary>Scale scenario: a fill with no connect completing for this long stops there.</summary>
    public TimeSpan ScaleStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The server's open-file limit when its /proc/PID/limits cannot be read (run.sh passes its own).</summary>
    public int? ServerOpenFileLimit { get; init; }

    /// <summary>Browser connects (long-polling handshake and upgrade, or negotiate and WebSocket) of the connect-browser scenario.</summary>
    public int BrowserConnectCount { get; init; } = 4000;

    /// <summary>
    /// Browsers connecting at once. Many, since a socket.io upgrade waits on the server's noop (Node answers the poll in
    /// flight within its 100 ms upgrade check), so fewer would measure that wait rather than the server's capacity.
    /// </summary>
    public int BrowserConnectConcurrency { get; init; } = 256;

    public static LoadSettings Smoke { get; } = new()
    {
        EchoConnections = 2,
        EchoWindow = 4,
        Warmup = TimeSpan.FromMilliseconds(200),
        Duration = TimeSpan.FromSeconds(1),
        BroadcastReceivers = [10],
        PublishWindow = 2,
        PublishMaxLag = 4,
        IdleConnections = [20, 40],
        IdleSettle = TimeSpan.FromMilliseconds(200),
        ConnectCount = 20,
        ConnectConcurrency = 4,
        SetupConcurrency = 8,
        DrainTimeout = TimeSpan.FromSeconds(5),
        ScaleSizes = [20, 40],
        ScaleAddLargestFitting = false,
        ScaleStallTimeout = TimeSpan.FromSeconds(10),
        BrowserConnectCount = 20,
        BrowserConnectConcurrency = 4,
    };
}
