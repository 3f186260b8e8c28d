using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using TypedSockets.Buffers;
using TypedSockets.Diagnostics;

namespace TypedSockets.EngineIO;

/// <summary>
/// HTTP long-polling: a GET waits until something is queued and answers with every queued packet joined by
/// <c>\x1e</c>; a POST carries the client's packets the same way. One GET and one POST at a time.
/// </summary>
internal sealed class PollingTransport : EngineTransport
{
    private const byte Separator = EnginePollingPayload.Separator;

    private readonly EngineSession _session;
    private TaskCompletionSource? _pendingGet;
    private bool _postActive;

    // The list the last poll wrote from, emptied, for the next one; taken with an exchange, as a poll may still be
    // releasing its packets when the client's next poll arrives.
    private List<OutboundPacket>? _spareBatch;

    public PollingTransport(EngineSession session)
    {
        _session = session;
    }

    public override string Name => EngineQuery.PollingTransport;

    public override void Wake() => _pendingGet?.TrySetResult();

    /// <remarks>
    /// The session stays reachable by its sid a little longer when a poll still has something to say: after
    /// a deliberate close, what was queued and then, in the next poll, <c>1</c> (so the client learns the server closed it
    /// rather than meeting an unknown sid); after the client's close, the noop that ends a poll sent in the
    /// same instant as the close packet (the two requests race).
    /// </remarks>
    public override bool OnSessionClosed(EngineCloseMode mode) =>
        _session.Transport == this && mode switch
        {
            EngineCloseMode.Flush => true,
            EngineCloseMode.ClientClose => _pendingGet is null,
            _ => false,
        };

    /// <summary>A GET: waits for packets (or the end of the session) and writes them as one payload.</summary>
    public async Task HandleGetAsync(HttpContext context)
    {
        // A poll that arrives once the probe was answered ends at once with a noop. Engine.IO servers check for
        // such a poll every 100 ms instead, which a browser's connect then waits for (its next poll usually arrives
        // mid-upgrade). At once costs at most a poll or two: the 3probe left before this poll's answer, and the
        // client stops polling as soon as it has it. A poll with something to say at once (the namespace CONNECT's
        // answer, the noop of an upgrade) is answered without a waiter.
        TaskCompletionSource? waiter = null;
        var answer = default(PollAnswer);
        bool overlapping;
        lock (_session.SyncRoot)
        {
            overlapping = _pendingGet is not null;
            if (!overlapping && !TryTakeLocked(ref answer))
            {
                waiter = Arm();
            }
        }

        if (overlapping)
        {
            EngineLog.ProtocolViolation(_session.Server.Logger, _session.Id, "overlapping GET requests");
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "overlapping GET requests");
            await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest, "overlapping GET requests").ConfigureAwait(false);
            return;
        }

        while (waiter is not null)
        {
            try
            {
                await waiter.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_session.SyncRoot)
                {
                    if (_pendingGet == waiter)
                    {
                        _pendingGet = null;
                    }
                }

                _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "poll request closed prematurely");
                return;
            }

            lock (_session.SyncRoot)
            {
                _pendingGet = null;

                // Woken with nothing left to say: wait again.
                waiter = TryTakeLocked(ref answer) ? null : Arm();
            }
        }

        if (answer.IsStale)
        {
            await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest, "poll outlived the upgrade").ConfigureAwait(false);
            return;
        }

        try
        {
            var written = await WritePayloadAsync(context, answer.Batch, answer.Trailer).ConfigureAwait(false);
            _session.Server.Metrics.BytesSent(Name, written);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "poll response failed");
        }
        finally
        {
            if (answer.Batch is { } batch)
            {
                foreach (var packet in batch)
                {
                    packet.Release();
                }

                // Kept for the next poll (one list per session instead of one per poll).
                batch.Clear();
                Volatile.Write(ref _spareBatch, batch);
            }
        }

        if (answer.IsLastPoll)
        {
            _session.Remove();
        }
    }

    /// <summary>
    /// What a poll answers now, under the session lock: false when there is nothing to say yet (the poll waits);
    /// otherwise <paramref name="answer"/> holds the queued packets taken (in a list that is the caller's until
    /// written), a trailing noop or close, or says the poll outlived the upgrade.
    /// </summary>
    private bool TryTakeLocked(ref PollAnswer answer)
    {
        if (_session.Transport != this)
        {
            answer.IsStale = true;
            return true;
        }

        if (_session.IsClosed)
        {
            if (_session.CloseMode == EngineCloseMode.Flush && _session.HasQueued)
            {
                // The close goes in a later poll, like Engine.IO servers do: clients handle a payload's close before
                // its other packets, which would then be lost (the last words of a server that disconnects a client, for one).
                answer.Batch = TakeQueuedLocked();
                _session.ExtendDrainLocked();
            }
            else
            {
                // A client that closed gets a noop to end its poll; anyone else learns the session is over.
                answer.Trailer = _session.CloseMode == EngineCloseMode.ClientClose ? EnginePacketType.Noop : EnginePacketType.Close;
                answer.IsLastPoll = true;
            }

            return true;
        }

        if (_session.IsUpgrading)
        {
            // The WebSocket takes over: end this poll with a noop and leave the queue to it.
            answer.Trailer = EnginePacketType.Noop;
            return true;
        }

        if (!_session.HasQueued)
        {
            return false;
        }

        answer.Batch = TakeQueuedLocked();
        return true;
    }

    private List<OutboundPacket> TakeQueuedLocked()
    {
        var batch = Interlocked.Exchange(ref _spareBatch, null) ?? [];
        _session.TakeQueuedLocked(batch);
        return batch;
    }

    /// <summary>A POST: reads the payload (at most maxPayload bytes), hands its packets to the session, answers <c>ok</c>.</summary>
    public async Task HandlePostAsync(HttpContext context)
    {
        bool overlapping;
        lock (_session.SyncRoot)
        {
            overlapping = _postActive;
            _postActive = true;
        }

        if (overlapping)
        {
            // The POST in progress still owns the flag; the session ends either way, as the spec requires.
            EngineLog.ProtocolViolation(_session.Server.Logger, _session.Id, "overlapping POST requests");
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "overlapping POST requests");
            await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest).ConfigureAwait(false);
            return;
        }

        var body = default(PooledArray<byte>);
        try
        {
            var maxPayload = _session.Options.MaxPayload;
            if (IsBinaryContent(context.Request.ContentType))
            {
                // Engine.IO v4 sends binary over polling as base64 text; a binary body is a v3 client or garbage.
                _session.Refuse("binary request body");
                await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest).ConfigureAwait(false);
                return;
            }

            if (context.Request.ContentLength > maxPayload)
            {
                RefuseTooLarge(context);
                return;
            }

            int length;
            (body, length) = await ReadBodyAsync(context, maxPayload).ConfigureAwait(false);
            if (length > maxPayload)
            {
                RefuseTooLarge(context);
                return;
            }

            _session.Server.Metrics.BytesReceived(Name, length);
            if (await DispatchAsync(body.Array.AsMemory(0, length)).ConfigureAwait(false) == EnginePacketOutcome.Refused)
            {
                // The session logged the violation and closed itself.
                await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest).ConfigureAwait(false);
                return;
            }

            await _session.Server.WriteOkAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // The HTTP server cut the body (below the minimum data rate, a malformed chunk): the request must not
            // end as 200 with an empty body, which a client reads as "delivered". Its status (408, 400) says why.
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "data request closed prematurely");
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = exception.StatusCode;
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "data request closed prematurely");
        }
        finally
        {
            body.Dispose();
            lock (_session.SyncRoot)
            {
                _postActive = false;
            }
        }
    }

    private static bool IsBinaryContent(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the body into a pooled buffer (the caller's to dispose), stopping once it is past <paramref name="maxPayload"/>.</summary>
    private static async ValueTask<(PooledArray<byte> Buffer, int Length)> ReadBodyAsync(HttpContext context, int maxPayload)
    {
        var expected = context.Request.ContentLength ?? 0;
        var buffer = PooledArray<byte>.Rent((int)Math.Min(Math.Max(expected + 1, 256), (long)maxPayload + 1));
        try
        {
            var length = 0;
            var stream = context.Request.Body;
            while (true)
            {
                if (length == buffer.Array.Length)
                {
                    if (length > maxPayload)
                    {
                        return (buffer.Move(), length);
                    }

                    var larger = PooledArray<byte>.Rent((int)Math.Min((long)length * 2, (long)maxPayload + 1));
                    buffer.Array.AsSpan(0, length).CopyTo(larger.Array);
                    buffer.Dispose();
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.Array.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer.Move(), length);
                }

                length += read;
                if (length == expected)
                {
                    // The whole declared body: the server never reads past its Content-Length, so the read that would
                    // return 0 is skipped.
                    return (buffer.Move(), length);
                }
            }
        }
        finally
        {
            // Moved out on success; a failed read gives the buffer back here.
            buffer.Dispose();
        }
    }

    /// <summary>A body past maxPayload: answered 413, and the session closes as a transport error, as engine.io does.</summary>
    private void RefuseTooLarge(HttpContext context)
    {
        const string detail = "request body larger than maxPayload";
        EngineLog.ProtocolViolation(_session.Server.Logger, _session.Id, detail);
        _session.Server.Metrics.LimitClose(TypedSocketsMetrics.Limits.MaxPayload);
        _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, detail);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
    }

    /// <summary>
    /// Splits a POST body into its packets and hands each to the session in order: the meaning of a packet is the
    /// session's business; this decodes only what is particular to polling (the separators, and base64 for
    /// a binary <c>b</c> packet). Returns the outcome that ended the body, or <see cref="EnginePacketOutcome.Handled"/>.
    /// </summary>
    private async ValueTask<EnginePacketOutcome> DispatchAsync(ReadOnlyMemory<byte> body)
    {
        if (!Utf8.IsValid(body.Span))
        {
            return _session.Refuse("payload is not UTF-8");
        }

        var done = false;
        while (EnginePollingPayload.TryTakeNext(ref body, ref done, out var packet))
        {
            var outcome = EnginePollingPayload.IsBinary(packet.Span)
                ? await DeliverBinaryAsync(packet[1..]).ConfigureAwait(false)
                : await _session.OnPacketAsync(packet).ConfigureAwait(false);
            if (outcome != EnginePacketOutcome.Handled)
            {
                return outcome;
            }
        }

        return EnginePacketOutcome.Handled;
    }

    private async ValueTask<EnginePacketOutcome> DeliverBinaryAsync(ReadOnlyMemory<byte> base64)
    {
        if (!EnginePollingPayload.TryDecodeBinary(base64.Span, out var decoded, out var written))
        {
            return _session.Refuse("invalid base64 in a binary packet");
        }

        using var owned = decoded;
        await _session.OnBinaryAsync(decoded.Array.AsMemory(0, written)).ConfigureAwait(false);
        return EnginePacketOutcome.Handled;
    }

    private TaskCompletionSource Arm()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingGet = waiter;
        return waiter;
    }

    /// <summary>Writes the payload (its packets joined by <c>\x1e</c>, then the trailer) with its length as one response; returns its length.</summary>
    private static async ValueTask<long> WritePayloadAsync(HttpContext context, List<OutboundPacket>? batch, EnginePacketType? trailer)
    {
        var count = batch?.Count ?? 0;
        long length = count + (trailer is null ? 0 : 1) - 1;
        for (var i = 0; i < count; i++)
        {
            var packet = batch![i];
            length += packet.Message switch
            {
                null => 1,
                { IsBinary: true } message => EnginePollingPayload.BinaryLength(message.Payload.Length),
                var message => message.Packet.Length,
            };
        }

        length += trailer is null ? 0 : 1;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EngineServer.TextContentType;
        response.ContentLength = length;
        var writer = response.BodyWriter;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                WriteByte(writer, Separator);
            }

            var message = batch![i].Message;
            if (message is null)
            {
                WriteByte(writer, (byte)batch[i].Type);
            }
            else if (message.IsBinary)
            {
                EnginePollingPayload.WriteBinary(writer, message.Payload.Span);
            }
            else
            {
                writer.Write(message.Packet.Span);
            }
        }

        if (trailer is { } type)
        {
            if (count > 0)
            {
                WriteByte(writer, Separator);
            }

            WriteByte(writer, (byte)type);
        }

        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return length;
    }

    /// <summary>What one poll answers (see <see cref="TryTakeLocked"/>).</summary>
    private struct PollAnswer
    {
        public List<OutboundPacket>? Batch;
        public EnginePacketType? Trailer;
        public bool IsLastPoll;
        public bool IsStale;
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte value) => EnginePollingPayload.WriteByte(writer, value);
}
