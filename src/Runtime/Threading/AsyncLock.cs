namespace TypedSockets.Threading;

/// <summary>
/// An async mutual exclusion (a WebSocket's sends, an Engine.IO session's handler calls). Uncontended, entering and
/// leaving are one interlocked operation each (cheaper than <see cref="SemaphoreSlim"/>'s monitor) and it is a
/// small object; contended callers wait on a semaphore created by the first contention and retry, so a release
/// never gets lost and a spurious wake-up only costs a retry.
/// </summary>
internal sealed class AsyncLock
{
    // Created by the first contention: most connections never see one.
    private SemaphoreSlim? _wakeUp;
    private int _held;
    private int _waiting;

    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) == 0)
        {
            return default;
        }

        return EnterContendedAsync(cancellationToken);
    }

    /// <summary>Enters only when nobody holds the lock; never waits.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;

    public void Exit()
    {
        // A full fence: the release must be visible before the waiter count is read.
        Interlocked.Exchange(ref _held, 0);
        if (Volatile.Read(ref _waiting) > 0)
        {
            WakeUp.Release();
        }
    }

    // Waiters and releasers all use the one instance that won the race to be published.
    private SemaphoreSlim WakeUp
    {
        get
        {
            if (Volatile.Read(ref _wakeUp) is { } wakeUp)
            {
                return wakeUp;
            }

            var created = new SemaphoreSlim(0);
            return Interlocked.CompareExchange(ref _wakeUp, created, null) ?? created;
        }
    }

    private async ValueTask EnterContendedAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            while (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            {
                await WakeUp.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
