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
        TaskCompletionSource? waiter;
        lock (_session.SyncRoot)
        {
            if (_pendingGet is not null)
            {
                waiter = null;
            }
            else
            {
                // A poll that arrives once the probe was answered ends at once with a noop. Engine.IO servers check
                // for such a poll every 100 ms instead, which a browser's connect then waits for (its next poll usually
                // arrives mid-upgrade). At once costs at most a poll or two: the 3probe left before this poll's
                // answer, and the client stops polling as soon as it has it.
                waiter = Arm();
                if (HasWorkLocked())
                {
                    waiter.TrySetResult();
                }
            }
        }

        if (waiter is null)
        {
            EngineLog.ProtocolViolation(_session.Server.Logger, _session.Id, "overlapping GET requests");
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "overlapping GET requests");
            await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest, "overlapping GET requests").ConfigureAwait(false);
            return;
        }

        var batch = new List<OutboundPacket>();
        while (true)
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

            EnginePacketType? trailer = null;
            var isLastPoll = false;
            var isStale = false;
            lock (_session.SyncRoot)
            {
                _pendingGet = null;
                if (_session.Transport != this)
                {
                    isStale = true;
                }
                else if (_session.IsClosed)
                {
                    if (_session.CloseMode == EngineCloseMode.Flush)
                    {
                        _session.TakeQueuedLocked(batch);
                    }

                    if (batch.Count > 0)
                    {
                        // The close goes in a later poll, like Engine.IO servers do: clients handle a payload's
                        // close before its other packets, which would then be lost (the last words of a server
                        // that disconnects a client, for one).
                        _session.ExtendDrainLocked();
                    }
                    else
                    {
                        // A client that closed gets a noop to end its poll; anyone else learns the session is over.
                        trailer = _session.CloseMode == EngineCloseMode.ClientClose ? EnginePacketType.Noop : EnginePacketType.Close;
                        isLastPoll = true;
                    }
                }
                else if (_session.IsUpgrading)
                {
                    // The WebSocket takes over: end this poll with a noop and leave the queue to it.
                    trailer = EnginePacketType.Noop;
                }
                else
                {
                    _session.TakeQueuedLocked(batch);
                }

                if (batch.Count == 0 && trailer is null && !isStale)
                {
                    // Woken with nothing left to say: wait again.
                    waiter = Arm();
                    continue;
                }
            }

            if (isStale)
            {
                await _session.Server.WriteErrorAsync(context, EngineErrorCode.BadRequest, "poll outlived the upgrade").ConfigureAwait(false);
                return;
            }

            try
            {
                await WritePayloadAsync(context, batch, trailer).ConfigureAwait(false);
                _session.Server.Metrics.BytesSent(Name, context.Response.ContentLength ?? 0);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException)
            {
                _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "poll response failed");
            }
            finally
            {
                foreach (var packet in batch)
                {
                    packet.Release();
                }
            }

            if (isLastPoll)
            {
                _session.Remove();
            }

            return;
        }
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

    private bool HasWorkLocked() =>
        _session.IsClosed || _session.IsUpgrading || _session.Transport != this || _session.HasQueued;

    private static async Task WritePayloadAsync(HttpContext context, List<OutboundPacket> batch, EnginePacketType? trailer)
    {
        long length = batch.Count + (trailer is null ? 0 : 1) - 1;
        foreach (var packet in batch)
        {
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
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                WriteByte(writer, Separator);
            }

            var message = batch[i].Message;
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
            if (batch.Count > 0)
            {
                WriteByte(writer, Separator);
            }

            WriteByte(writer, (byte)type);
        }

        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte value) => EnginePollingPayload.WriteByte(writer, value);
}
