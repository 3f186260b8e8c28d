namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>Bytes written by the server to any number of <see cref="MemoryPeerStream"/>s; lets a benchmark wait for delivery.</summary>
internal sealed class WriteCounter
{
    private long _bytes;

    public long Bytes => Volatile.Read(ref _bytes);

    public void Add(int count) => Interlocked.Add(ref _bytes, count);

    /// <summary>Spins (the send loops run on the thread pool) until at least <paramref name="target"/> bytes were written.</summary>
    public void WaitFor(long target)
    {
        var spinner = default(SpinWait);
        while (Bytes < target)
        {
            spinner.SpinOnce();
        }
    }
}
