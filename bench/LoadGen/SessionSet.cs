namespace TypedSockets.Bench.LoadGen;

/// <summary>The sessions of one scenario: connected in parallel, kept alive, reset together at the end.</summary>
internal sealed class SessionSet<TSession> : IAsyncDisposable
    where TSession : Session
{
    private readonly List<TSession> _sessions = [];
    private readonly Target _target;
    private readonly ErrorLog _errors;
    private readonly Timer? _keepAlive;
    private readonly SourceAddresses? _sources;

    /// <param name="sources">Loopback source addresses to bind the connections to in turn (more than one port range); null: the kernel's choice.</param>
    public SessionSet(Target target, ErrorLog errors, SourceAddresses? sources = null)
    {
        _target = target;
        _errors = errors;
        _sources = sources;
        if (!target.Dialect.ClientKeepAlive.IsEmpty)
        {
            // SignalR drops a client it has not heard from for 30 s; its clients ping every 15 s.
            _keepAlive = new Timer(_ => SendKeepAlive(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        }
    }

    public int Count
    {
        get
        {
            lock (_sessions)
            {
                return _sessions.Count;
            }
        }
    }

    public IReadOnlyList<TSession> Snapshot()
    {
        lock (_sessions)
        {
            return [.. _sessions];
        }
    }

    /// <summary>
    /// Opens <paramref name="count"/> more sessions, <paramref name="concurrency"/> handshakes at a time; failures are
    /// errors. They go to the target's first node, or to each node in turn when <paramref name="spreadOverNodes"/>.
    /// </summary>
    public async Task ConnectAsync(int count, int concurrency, int bufferSize, Func<WsClient, TSession> create, CancellationToken cancellationToken,
        bool spreadOverNodes = false)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (index, token) =>
        {
            WsClient? client = null;
            try
            {
                var endpoint = spreadOverNodes ? _target.Nodes[index % _target.Nodes.Count] : _target.Endpoint;
                client = await WsClient.ConnectAsync(endpoint, _target.PathAndQuery, bufferSize, token, _sources?.Next());
                await _target.Dialect.OpenAsync(client, token).WaitAsync(TimeSpan.FromSeconds(15), token);
                var session = create(client);
                session.StartLoop();
                lock (_sessions)
                {
                    _sessions.Add(session);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
            {
                client?.Abort();
                _errors.Add($"{_target.Dialect.Name}: connecting failed: {exception.Message}");
            }
        });
    }

    private void SendKeepAlive()
    {
        var message = _target.Dialect.ClientKeepAlive.ToArray();
        foreach (var session in Snapshot())
        {
            if (!session.IsAlive)
            {
                continue;
            }

            var frame = new byte[message.Length + ClientFrame.MaxHeaderSize];
            var length = ClientFrame.Write(frame, ClientFrame.Text, message);
            _ = SendQuietlyAsync(session, frame.AsMemory(0, length));
        }
    }

    private static async Task SendQuietlyAsync(Session session, ReadOnlyMemory<byte> frame)
    {
        try
        {
            await session.Client.SendAsync(frame, CancellationToken.None);
        }
        catch (Exception)
        {
            // A failing connection is reported by its receive loop.
        }
    }

    /// <summary>Sessions whose connection ended without the generator asking.</summary>
    public int CountDead()
    {
        var dead = 0;
        foreach (var session in Snapshot())
        {
            dead += session.IsAlive ? 0 : 1;
        }

        return dead;
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync();
        }

        var loops = new List<Task>();
        foreach (var session in Snapshot())
        {
            loops.Add(session.AbortAsync());
        }

        await Task.WhenAll(loops);
    }
}
