namespace TypedSockets.Fuzzing;

/// <summary>
/// Measures what one input made the parser allocate on this thread, and fails when it is more than the input can
/// justify: a parser that sizes a buffer from a length field instead of from the bytes that arrived is the
/// classic way a few bytes take a server's memory. The budget is generous (pool rentals round up, first calls
/// allocate once) so only an allocation out of proportion fails.
/// </summary>
internal readonly struct AllocationBudget
{
    private const long Slack = 1024 * 1024;
    private readonly long _start;
    private readonly long _limit;

    private AllocationBudget(long limit)
    {
        _start = GC.GetAllocatedBytesForCurrentThread();
        _limit = limit;
    }

    /// <summary>Starts measuring; at most <paramref name="perInputByte"/> bytes per input byte (plus slack) may follow.</summary>
    public static AllocationBudget Start(int inputLength, long perInputByte, long extra = 0) =>
        new(Slack + extra + (inputLength * perInputByte));

    public void Check(string what)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread() - _start;
        FuzzInvariantException.Check(allocated <= _limit, $"{what} allocated {allocated} bytes, more than its budget of {_limit}");
    }
}
