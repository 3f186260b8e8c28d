using System.Globalization;

namespace TypedSockets.Benchmarks.Client;

/// <summary>
/// Allocations per call seen two ways: process-wide (<c>GC.GetTotalAllocatedBytes(precise: true)</c>: the caller, the
/// client's receive loop, the thread pool and the in-process server together) and on the caller's thread alone while it
/// issues calls (<c>GC.GetAllocatedBytesForCurrentThread</c>: what a call allocates before it first waits). The
/// latter misses the client's work on other threads (the ack's decoding and completion), the former adds the
/// server's, so neither alone is the client's cost; the log prints both with labels.
/// </summary>
internal sealed class AllocationProbe
{
    private long _processAtStart;
    private long _calls;
    private long _callerBytes;
    private long _segmentStart;

    public void Start()
    {
        _processAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _calls = 0;
        _callerBytes = 0;
    }

    /// <summary>The caller starts issuing calls (no await until <see cref="Issued"/>, so the same thread).</summary>
    public void Issuing() => _segmentStart = GC.GetAllocatedBytesForCurrentThread();

    public void Issued(int calls)
    {
        _callerBytes += GC.GetAllocatedBytesForCurrentThread() - _segmentStart;
        _calls += calls;
    }

    public void Report()
    {
        if (_calls == 0)
        {
            return;
        }

        var process = GC.GetTotalAllocatedBytes(precise: true) - _processAtStart;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// AllocationProbe: {_calls} calls; process-wide (client + in-process server, warm-up included) {(double)process / _calls:0.0} B/call; caller thread while issuing {(double)_callerBytes / _calls:0.0} B/call"));
    }
}
