using System.Threading.Tasks.Sources;

namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>
/// The client end of an in-memory connection. Reads deliver a run of client frames each time the benchmark
/// calls <see cref="Feed"/> and otherwise wait (without allocating), as a socket with nothing to read does;
/// writes are counted in a <see cref="WriteCounter"/> shared by many streams and discarded.
/// </summary>
internal sealed class MemoryPeerStream(byte[] run, WriteCounter written) : Stream, IValueTaskSource<int>
{
    private readonly Lock _lock = new();

    // Continuations run on the feeding thread: a fed read is handled right there, like an inline socket completion.
    private ManualResetValueTaskSourceCore<int> _read = new() { RunContinuationsAsynchronously = false };
    private Memory<byte> _pending;
    private bool _isPending;
    private long _available;
    private int _position;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Makes <paramref name="runs"/> more copies of the run readable; a waiting read completes on this thread.</summary>
    public void Feed(int runs)
    {
        int completed;
        lock (_lock)
        {
            _available += (long)runs * run.Length;
            if (!_isPending)
            {
                return;
            }

            _isPending = false;
            completed = CopyLocked(_pending.Span);
            _pending = default;
        }

        _read.SetResult(completed);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_available > 0 || _ended)
            {
                return new ValueTask<int>(CopyLocked(buffer.Span));
            }

            _read.Reset();
            _pending = buffer;
            _isPending = true;
            return new ValueTask<int>(this, _read.Version);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Reads are asynchronous only.");

    public override void Write(byte[] buffer, int offset, int count) => written.Add(count);

    public override void Write(ReadOnlySpan<byte> buffer) => written.Add(buffer.Length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        written.Add(buffer.Length);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        written.Add(count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    protected override void Dispose(bool disposing)
    {
        bool wasPending;
        lock (_lock)
        {
            _ended = true;
            wasPending = _isPending;
            _isPending = false;
        }

        // The connection ends: a waiting read sees the end of the stream.
        if (wasPending)
        {
            _read.SetResult(0);
        }

        base.Dispose(disposing);
    }

    private int CopyLocked(Span<byte> buffer)
    {
        var copied = 0;
        while (copied < buffer.Length && _available > 0)
        {
            var count = (int)Math.Min(Math.Min(buffer.Length - copied, run.Length - _position), _available);
            run.AsSpan(_position, count).CopyTo(buffer[copied..]);
            copied += count;
            _available -= count;
            _position = (_position + count) % run.Length;
        }

        return copied;
    }
}
