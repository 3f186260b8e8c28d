namespace TypedSockets.Benchmarks.WebSockets;

/// <summary>
/// An in-memory duplex stream: reads return the same bytes (a run of frames) over and over, so a
/// receiver always finds the next message; writes are discarded. Both implementations under test
/// run over it, so the comparison is framing against framing, without a network.
/// </summary>
internal sealed class ReplayDuplexStream(byte[] incoming) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && incoming.Length > 0)
        {
            var count = Math.Min(buffer.Length - written, incoming.Length - _position);
            incoming.AsSpan(_position, count).CopyTo(buffer[written..]);
            written += count;
            _position = (_position + count) % incoming.Length;
        }

        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
