using TypedSockets.Client.Transports;
using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>
/// Everything the client sends on its connection, in order and in batches (group commit). A send only copies the
/// packet (and its attachments, right behind it) into the pending batch, releases it, and, when no writer is at work,
/// queues one on the thread pool. The writer takes the whole pending batch and hands it to the transport in one send (one WebSocket
/// write, one polling POST), then takes what was added meanwhile, until nothing is pending.
/// </summary>
/// <remarks>
/// Why: emits come from many callers, most of them continuations of answers the receive loop completed from one read.
/// Writing each on its own costs a system call per emit, most of the client's CPU under load; the writer, queued
/// behind those continuations, finds them all pending and writes them together, as SignalR's client flushes its pipe
/// and engine.io-client joins what it queued while a POST was in flight. Nothing is allocated per packet: the two
/// batches are swapped and reused (<see cref="PacketBatch"/> says why packets are copied rather than held), and the one
/// completion a batch needs is made only when a sender waits for the write.
/// A failed write fails every sender waiting for that batch and aborts the transport, so the receive loop sees the
/// end, the acknowledgements in flight fail, and the client reconnects.
/// </remarks>
internal sealed class PacketSender : IThreadPoolWorkItem
{
    private readonly Lock _lock = new();

    // What senders added since the writer last took a batch (under _lock); and the batch being written, owned by the
    // writer. Swapped when the writer takes a batch, so both are reused.
    private PacketBatch _pending = new();
    private PacketBatch _writing = new();

    // Completed once the pending batch is written; made only when a sender waits for it.
    private TaskCompletionSource? _pendingWritten;
    private ClientTransport? _transport;
    private bool _writerQueued;

    /// <summary>Sends from now on go to <paramref name="transport"/> (a new connection).</summary>
    public void Attach(ClientTransport transport)
    {
        lock (_lock)
        {
            _transport = transport;
        }
    }

    /// <summary>The connection ended: what is still pending is dropped (its waiting senders fail) and sends fail until the next <see cref="Attach"/>.</summary>
    public void Detach()
    {
        TaskCompletionSource? written;
        lock (_lock)
        {
            written = DetachLocked();
        }

        written?.TrySetException(NotWritten());
    }

    /// <summary>Queues a packet without waiting for its write, and releases it. False when not connected.</summary>
    public bool Send(OutgoingPacket packet)
    {
        lock (_lock)
        {
            return TryAdd(packet);
        }
    }

    /// <summary>Queues an Engine.IO packet that lives for the client's lifetime (a pong); dropped when not connected.</summary>
    public void Send(ReadOnlyMemory<byte> enginePacket)
    {
        lock (_lock)
        {
            if (_transport is not null)
            {
                _pending.Add(enginePacket.Span, isBinary: false);
                QueueWriter();
            }
        }
    }

    /// <summary>Queues a packet and releases it; completes once the batch that carries it is written, fails when that write failed.</summary>
    public Task SendAndWaitAsync(OutgoingPacket packet)
    {
        lock (_lock)
        {
            return TryAdd(packet) ? Written() : Task.FromException(NotWritten());
        }
    }

    /// <summary>
    /// Queues copies of the buffered emits, in order, in one batch; the caller keeps the packets (to put them back in
    /// the send buffer when the write fails). Completes once they are written.
    /// </summary>
    public Task SendAndWaitAsync(List<SendBuffer.Entry> entries)
    {
        lock (_lock)
        {
            if (_transport is null)
            {
                return Task.FromException(NotWritten());
            }

            if (entries.Count == 0)
            {
                return Task.CompletedTask;
            }

            foreach (var entry in entries)
            {
                AddCopy(entry.Packet);
            }

            QueueWriter();
            return Written();
        }
    }

    /// <summary>The writer: sends the pending batch, then the next one, until nothing is pending.</summary>
    void IThreadPoolWorkItem.Execute() => _ = WriteAllAsync();

    private async Task WriteAllAsync()
    {
        while (true)
        {
            ClientTransport transport;
            TaskCompletionSource? written;
            lock (_lock)
            {
                if (_pending.Count == 0 || _transport is null)
                {
                    _writerQueued = false;
                    return;
                }

                (_pending, _writing) = (_writing, _pending);
                written = _pendingWritten;
                _pendingWritten = null;
                transport = _transport;
            }

            Exception? failure = null;
            try
            {
                // Not cancellable by any one sender: the batch is shared, and a torn write would end the connection.
                await transport.SendAsync(_writing.Messages(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure = exception;
                transport.Abort();
            }
            finally
            {
                _writing.Clear();
            }

            if (failure is null)
            {
                written?.TrySetResult();
                continue;
            }

            // The aborted transport takes nothing more: what was queued behind the failed batch fails now (and later
            // sends at once), rather than one failed write after another until the receive loop detaches it. Detached
            // before any sender hears of the failure, so none of them can still queue behind it. A transport attached
            // meanwhile (the client reconnected already) keeps what is pending for it.
            TaskCompletionSource? alsoPending = null;
            lock (_lock)
            {
                if (_transport == transport)
                {
                    alsoPending = DetachLocked();
                }
            }

            written?.TrySetException(failure);
            alsoPending?.TrySetException(NotWritten());
        }
    }

    /// <summary>Forgets the transport and drops what is pending; returns the completion its senders wait for. Under the lock.</summary>
    private TaskCompletionSource? DetachLocked()
    {
        _transport = null;
        _pending.Clear();
        var written = _pendingWritten;
        _pendingWritten = null;
        return written;
    }

    /// <summary>Adds a copy of a packet and its attachments behind what is pending and releases the packet; under the lock.</summary>
    private bool TryAdd(OutgoingPacket packet)
    {
        var connected = _transport is not null;
        if (connected)
        {
            AddCopy(packet);
            QueueWriter();
        }

        packet.Release();
        return connected;
    }

    private void AddCopy(OutgoingPacket packet)
    {
        _pending.Add(packet.Text.Packet.Span, isBinary: false);
        if (packet.Attachments is not null)
        {
            foreach (var attachment in packet.Attachments)
            {
                _pending.Add(attachment.Packet.Span, isBinary: true);
            }
        }
    }

    /// <summary>
    /// Queues the writer unless it is queued or at work already. On the global queue, behind the continuations already
    /// waiting to run (the callers that will emit next), so it finds their packets pending; under the lock.
    /// </summary>
    private void QueueWriter()
    {
        if (!_writerQueued)
        {
            _writerQueued = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>The completion of the pending batch; under the lock.</summary>
    private Task Written() => (_pendingWritten ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private static IOException NotWritten() => new("Not connected: the connection ended before the packets were written.");
}
