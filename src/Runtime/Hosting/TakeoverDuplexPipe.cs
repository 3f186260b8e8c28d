using System.Buffers;
using System.IO.Pipelines;

namespace TypedSockets.Hosting;

/// <summary>
/// The HTTP server's view of a host connection in the fast path's pipeline mode: the host's pipes, passed through
/// until the connection is taken (<see cref="HttpTakeoverConnection"/>); after that the input reads as ended and
/// output goes nowhere, and completing either leaves the host's pipes, which the WebSocket now uses, alone.
/// </summary>
internal sealed class TakeoverDuplexPipe(IDuplexPipe host, HttpTakeoverConnection connection) : IDuplexPipe
{
    public PipeReader Input { get; } = new Reader(host.Input, connection);

    public PipeWriter Output { get; } = new Writer(host.Output, connection);

    private sealed class Reader(PipeReader host, HttpTakeoverConnection connection) : PipeReader
    {
        private static readonly ReadResult Ended = new(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            connection.IsTakenOver ? new(Ended) : host.ReadAsync(cancellationToken);

        public override bool TryRead(out ReadResult result)
        {
            if (connection.IsTakenOver)
            {
                result = Ended;
                return true;
            }

            return host.TryRead(out result);
        }

        public override void AdvanceTo(SequencePosition consumed)
        {
            if (!connection.IsTakenOver)
            {
                host.AdvanceTo(consumed);
            }
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            if (!connection.IsTakenOver)
            {
                host.AdvanceTo(consumed, examined);
            }
        }

        public override void CancelPendingRead()
        {
            if (!connection.IsTakenOver)
            {
                host.CancelPendingRead();
            }
        }

        public override void Complete(Exception? exception = null)
        {
            if (!connection.IsTakenOver)
            {
                host.Complete(exception);
            }
        }
    }

    private sealed class Writer(PipeWriter host, HttpTakeoverConnection connection) : PipeWriter
    {
        // Where the HTTP server's last writes go once a connection is taken (its dropped answer to the handshake): one
        // buffer for every connection, as nobody reads it, so a connect leaves no buffer behind as garbage.
        private static readonly byte[] SharedDiscard = new byte[4096];

        public override bool CanGetUnflushedBytes => host.CanGetUnflushedBytes;

        public override long UnflushedBytes => connection.IsTakenOver ? 0 : host.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) =>
            connection.IsTakenOver ? Discard(sizeHint) : host.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) =>
            connection.IsTakenOver ? Discard(sizeHint).Span : host.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (!connection.IsTakenOver)
            {
                host.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            connection.IsTakenOver ? new(new FlushResult(isCanceled: false, isCompleted: false)) : host.FlushAsync(cancellationToken);

        public override void CancelPendingFlush()
        {
            if (!connection.IsTakenOver)
            {
                host.CancelPendingFlush();
            }
        }

        public override void Complete(Exception? exception = null)
        {
            if (!connection.IsTakenOver)
            {
                host.Complete(exception);
            }
        }

        private static Memory<byte> Discard(int sizeHint) => sizeHint <= SharedDiscard.Length ? SharedDiscard : new byte[sizeHint];
    }
}
