using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// Recovery across nodes (<see cref="ISocketIORecoveryBackplane"/>): offsets come from the cluster, not from this
/// log. A recoverable emit is handed to the backplane without an offset; every node, this one included, gets it back
/// in the cluster's order through <see cref="Deliver"/>, writes the offset in, keeps it and sends it. So every node
/// holds the same packets under the same offsets, and a client that comes back on another node is replayed from
/// that node's log. Sessions are kept in the cluster too, and taken from it once (<see cref="TakeAsync"/>).
/// </summary>
internal sealed partial class RecoveryLog
{
    private readonly Namespace _namespace;
    private readonly ISocketIORecoveryBackplane? _cluster;

    // This log may lack packets before the next delivered one (the node just started, or the backplane lost its
    // connection): the next delivery marks everything before it as no longer kept.
    private bool _gap = true;

    /// <summary>
    /// This node in the cluster's log (null on a single node): the mark of its <c>Local</c> emits and its sessions, so
    /// a Local emit is replayed to the sockets that were here, wherever they come back.
    /// </summary>
    private string? NodeTag => _nodeTag ??= _cluster is null ? null : RandomId.Next();

    private string? _nodeTag;

    /// <summary>True when offsets and sessions are the cluster's.</summary>
    public bool IsClustered => _cluster is not null;

    private int EmitToCluster<TState>(Namespace nsp, string eventName, TState state, WriteArguments<TState> write, string[]? rooms, string[]? exceptRooms, Socket? exceptSocket, Socket? target, string? localToNode)
        where TState : allows ref struct
    {
        var packet = SocketIOPacketWriter.WriteEvent(nsp.PacketPrefix, -1, eventName, state, write);
        try
        {
            _cluster!.PublishRecoverable(nsp, new BackplanePacket(packet), rooms, exceptRooms, exceptSocket?.Id, target?.Id, localToNode);
        }
        finally
        {
            packet.Release();
        }

        // Delivery happens when the cluster hands the packet back: what is known now is who would get it here.
        if (target is not null)
        {
            return target.IsConnected ? 1 : 0;
        }

        using var recipients = nsp.CollectRecipients(rooms, exceptRooms, exceptSocket);
        return recipients.Count;
    }

    /// <summary>A packet in the cluster's order: the offset is written in, the packet kept and sent here.</summary>
    public int Deliver(Namespace nsp, long offset, ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, string[]? rooms, string[]? exceptRooms, string? exceptSocketId, string? targetSocketId, string? localToNode)
    {
        if (packet.IsEmpty || packet[^1] != (byte)']' || offset <= 0)
        {
            throw new ArgumentException("Not an encoded event without its offset.", nameof(packet));
        }

        var outgoing = WithOffset(packet, attachments, offset);
        try
        {
            lock (Order)
            {
                if (offset <= _lastOffset)
                {
                    return 0;
                }

                if (_gap)
                {
                    _droppedThrough = Math.Max(_droppedThrough, offset - 1);
                    _gap = false;
                }

                _lastOffset = offset;
                Append(new Entry(offset, _time.GetTimestamp(), outgoing, rooms, exceptRooms, exceptSocketId, targetSocketId, Size(outgoing), localToNode));
                if (localToNode is not null && localToNode != NodeTag)
                {
                    // Another node's Local emit: kept for the sessions of that node, sent to nobody here.
                    return 0;
                }

                if (targetSocketId is not null)
                {
                    return nsp.FindSocket(targetSocketId) is { IsConnected: true } target && target.Connection.Send(outgoing) ? 1 : 0;
                }

                var exceptSocket = exceptSocketId is null ? null : nsp.FindSocket(exceptSocketId);
                using var recipients = nsp.CollectRecipients(rooms, exceptRooms, exceptSocket);
                return Namespace.Send(outgoing, recipients.Span);
            }
        }
        finally
        {
            outgoing.Release();
        }
    }

    /// <summary>Packets may have been lost on the way to this node: see <see cref="_gap"/>.</summary>
    public void MarkGap()
    {
        lock (Order)
        {
            _gap = true;
        }
    }

    /// <summary>
    /// Takes the session <paramref name="pid"/> out, once across the cluster: the cluster's copy decides (taken here
    /// or on another node, never both); this node's own copy, when it has one, keeps the very <c>Items</c> objects.
    /// </summary>
    public async ValueTask<RecoverySession?> TakeAsync(string pid, ILogger logger)
    {
        if (_cluster is null)
        {
            return Take(pid);
        }

        byte[]? stored;
        try
        {
            stored = await _cluster.TakeSessionAsync(_namespace, pid, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIOLog.RecoveryRefused(logger, _namespace.Name, "the cluster's session store failed: " + exception.Message);
            stored = null;
        }

        // The local copy goes in any case: a session is taken once.
        var local = Take(pid);
        if (stored is null)
        {
            return null;
        }

        return local ?? RecoverySessionCodec.Decode(pid, stored, _time.GetTimestamp());
    }

    /// <summary>
    /// Waits (briefly) until this node has been delivered the client's <paramref name="offset"/>: it may have come
    /// through another node a moment before this one heard of it.
    /// </summary>
    public async ValueTask CatchUpAsync(string? offset)
    {
        if (_cluster is null || offset is null || !long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted))
        {
            return;
        }

        for (var i = 0; i < 100; i++)
        {
            lock (Order)
            {
                if (_lastOffset >= wanted)
                {
                    return;
                }
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private static OutgoingPacket WithOffset(ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, long offset)
    {
        using var text = new EngineMessageWriter(packet.Length + 24);
        text.Write(packet[..^1]);
        var span = text.GetSpan(24);
        span[0] = (byte)',';
        span[1] = (byte)'"';
        Utf8Formatter.TryFormat(offset, span[2..], out var written);
        span[2 + written] = (byte)'"';
        span[3 + written] = (byte)']';
        text.Advance(4 + written);

        return new OutgoingPacket(text.ToMessage(isBinary: false), OutgoingPacket.FrameAttachments(attachments));
    }
}
