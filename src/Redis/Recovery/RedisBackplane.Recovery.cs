using System.Globalization;
using StackExchange.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>
/// Connection state recovery across the cluster. Every recoverable packet of a namespace is added to a Redis stream of
/// that namespace and published on the namespace's channel in one script, with the stream entry id appended: the
/// stream orders the packets of the whole cluster, and its id becomes the packet's offset on every node (each node,
/// the sending one included, keeps and delivers the packets in the order Redis published them). The stream is
/// trimmed to the recovery window and to about <see cref="ConnectionStateRecoveryOptions.MaxPackets"/> entries.
/// Sessions are string keys that expire with the window, taken with GETDEL: once, on whichever node gets there first.
/// </summary>
public sealed partial class RedisBackplane : ISocketIORecoveryBackplane
{
    // Stream ids are <ms>-<seq>; an offset is ms * 2^20 + seq, a number that grows with the id (and fits a long until
    // long after this code). More than 2^20 entries of one namespace in one millisecond are not expected.
    private const int SequenceBits = 20;

    /// <inheritdoc/>
    public void PublishRecoverable(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms, string? exceptSocketId, string? targetSocketId, string? localToNode)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        if (Database is not { } database)
        {
            RedisBackplaneLog.NotPublished(_logger, "recoverable broadcast", nsp.Name);
            return;
        }

        var envelope = new RedisEnvelopeWriter(RedisMessageKind.Recoverable, NodeId, packet.Text.Length + 96);
        envelope.WriteString(exceptSocketId);
        envelope.WriteString(targetSocketId);
        envelope.WriteString(localToNode);
        WriteBroadcast(envelope, packet, rooms, exceptRooms);
        var recovery = Host.RecoveryOptions;
        FireAndForget(database.ScriptEvaluateAsync(
            RedisRecoveryScripts.Append,
            [RecoveryStreamKey(nsp.Name), NamespaceChannel(nsp.Name)],
            [envelope.ToArray(), recovery.MaxPackets, (long)recovery.MaxDisconnectionDuration.TotalMilliseconds],
            CommandFlags.FireAndForget));
    }

    /// <inheritdoc/>
    public void KeepSession(Namespace nsp, string pid, ReadOnlyMemory<byte> session, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(pid);
        if (Database is not { } database)
        {
            RedisBackplaneLog.NotPublished(_logger, "recovery session", nsp.Name);
            return;
        }

        FireAndForget(database.StringSetAsync(SessionKey(nsp.Name, pid), session, window, When.Always, CommandFlags.FireAndForget));
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> TakeSessionAsync(Namespace nsp, string pid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(pid);
        if (Database is not { } database)
        {
            return null;
        }

        // GETDEL: of two nodes asked for the same session, one gets it, the other nothing.
        var value = await database.StringGetDeleteAsync(SessionKey(nsp.Name, pid)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }

    /// <summary>Stream id (<c>ms-seq</c>) to offset; false for anything else.</summary>
    internal static bool TryParseOffset(ReadOnlySpan<byte> id, out long offset)
    {
        offset = 0;
        var dash = id.IndexOf((byte)'-');
        if (dash <= 0
            || !long.TryParse(id[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !long.TryParse(id[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || milliseconds >= 1L << (63 - SequenceBits) || sequence >= 1L << SequenceBits)
        {
            return false;
        }

        offset = (milliseconds << SequenceBits) | sequence;
        return offset > 0;
    }

    /// <summary>A recoverable packet in the cluster's order: the envelope, then the stream id the script appended.</summary>
    private void OnRecoverable(Namespace nsp, ref RedisEnvelopeReader reader)
    {
        var exceptSocketId = reader.ReadString();
        var targetSocketId = reader.ReadString();
        var localToNode = reader.ReadString();
        var rooms = reader.ReadStrings();
        var exceptRooms = reader.ReadStrings();
        var packet = reader.ReadBlob();
        var attachments = ReadAttachments(ref reader);
        if (!TryParseOffset(reader.ReadRest().Span, out var offset))
        {
            throw new FormatException("A recoverable packet without a stream id.");
        }

        Host.DeliverRecoverable(nsp, offset, packet.Span, attachments, rooms, exceptRooms, exceptSocketId, targetSocketId, localToNode);
    }

    /// <summary>The subscription was lost: packets published meanwhile never reach this node's logs.</summary>
    private void MarkRecoveryGaps()
    {
        if (_host is null)
        {
            return;
        }

        foreach (var nsp in _host.Namespaces)
        {
            _host.MarkRecoveryGap(nsp);
        }
    }

    private RedisKey RecoveryStreamKey(string nsp) => _options.Prefix + ":recovery:" + nsp;

    private RedisKey SessionKey(string nsp, string pid) => _options.Prefix + ":session:" + nsp + ":" + pid;
}
