namespace TypedSockets.Bench.LoadGen;

/// <summary>Correctness failures of one scenario run: a total and the first few messages.</summary>
internal sealed class ErrorLog
{
    private const int Kept = 20;
    private readonly List<string> _messages = [];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(string message)
    {
        Interlocked.Increment(ref _count);
        lock (_messages)
        {
            if (_messages.Count < Kept)
            {
                _messages.Add(message);
            }
        }
    }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }
}
