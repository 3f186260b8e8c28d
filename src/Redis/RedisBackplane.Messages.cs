using System.Buffers;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>The messages between nodes: what this node publishes and what it does with what it receives.</summary>
public sealed partial class RedisBackplane
{
    /// <inheritdoc/>
    public void PublishBroadcast(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.Broadcast, NodeId, packet.Text.Length + 64);
        WriteBroadcast(envelope, packet, rooms, exceptRooms);
        Publish(nsp, envelope, "broadcast");
    }

    /// <inheritdoc/>
    public Task<BroadcastAckResult> PublishBroadcastWithAckAsync(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        if (Database is not { } database)
        {
            RedisBackplaneLog.NotPublished(_logger, "broadcast with acks", nsp.Name);
            return Task.FromResult(new BroadcastAckResult(0, [], true));
        }

        var requestId = Interlocked.Increment(ref _nextRequestId);
        var collector = new RemoteAckCollector();
        _pendingAcks[requestId] = collector;
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.BroadcastWithAck, NodeId, packet.Text.Length + 80);
        envelope.WriteInt64(requestId);
        envelope.WriteInt64((long)timeout.TotalMilliseconds);
        WriteBroadcast(envelope, packet, rooms, exceptRooms);
        Publish(nsp, envelope, "broadcast with acks");
        return CollectAsync(database, nsp, requestId, collector, timeout, cancellationToken);
    }

    /// <inheritdoc/>
    public void PublishCommand(Namespace nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.Command, NodeId);
        envelope.WriteByte((byte)command);
        envelope.WriteStrings(rooms);
        envelope.WriteStrings(exceptRooms);
        envelope.WriteString(argument);
        Publish(nsp, envelope, command.ToString());
    }

    /// <inheritdoc/>
    public void PublishServerSideEvent(Namespace nsp, string eventName, ReadOnlySpan<byte> argumentJson)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.ServerSideEvent, NodeId, argumentJson.Length + 64);
        envelope.WriteString(eventName);
        envelope.WriteBlob(argumentJson);
        Publish(nsp, envelope, "server-side event");
    }

    private static void WriteBroadcast(RedisEnvelopeWriter envelope, BackplanePacket packet, string[]? rooms, string[]? exceptRooms)
    {
        envelope.WriteStrings(rooms);
        envelope.WriteStrings(exceptRooms);
        envelope.WriteBlob(packet.Text.Span);
        envelope.WriteInt32(packet.AttachmentCount);
        for (var i = 0; i < packet.AttachmentCount; i++)
        {
            envelope.WriteBlob(packet.GetAttachment(i).Span);
        }
    }

    private void Publish(Namespace nsp, RedisEnvelopeWriter envelope, string kind)
    {
        if (_redis is not { IsConnected: true } || _subscriber is not { } subscriber)
        {
            RedisBackplaneLog.NotPublished(_logger, kind, nsp.Name);
            return;
        }

        // Every broadcast goes through here: the channel is made once per namespace, not once per message.
        var channel = _namespaceChannels.GetOrAdd(nsp.Name, static (name, backplane) => RedisChannel.Literal(backplane.NamespaceChannel(name)), this);
        FireAndForget(subscriber.PublishAsync(channel, envelope.ToArray(), CommandFlags.FireAndForget));
        Host.ReportPublished(RedisTelemetry.Name(envelope.Kind));
    }

    private async Task<BroadcastAckResult> CollectAsync(IDatabase database, Namespace nsp, long requestId, RemoteAckCollector collector, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            // The nodes that must answer: every live node with sockets in the namespace, this one aside.
            var nodes = await database.ScriptEvaluateAsync(RedisScripts.Query, [_nodesKey], [_options.Prefix + ":s:", SocketsSuffix(nsp.Name), "nodes"]).ConfigureAwait(false);
            var expected = new List<string>();
            foreach (var node in (RedisValue[])nodes!)
            {
                if (node != NodeId)
                {
                    expected.Add(node.ToString());
                }
            }

            collector.Expect(expected);
            await collector.Done.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The answers so far are the result; IsComplete tells the caller some are missing.
        }
        catch (RedisException exception)
        {
            RedisBackplaneLog.OperationFailed(_logger, "broadcast with acks", exception);
        }
        finally
        {
            _pendingAcks.TryRemove(requestId, out _);
        }

        return collector.ToResult();
    }

    /// <summary>
    /// Subscribes this node's channel and the channel of every declared namespace that has no handler yet. Only while
    /// connected: a subscription the client could not make has no message queue to read, so it is made again later
    /// (when the subscription connection is restored) rather than left behind.
    /// </summary>
    private async Task EnsureSubscriptionsAsync()
    {
        if (_redis is not { IsConnected: true } redis)
        {
            return;
        }

        await SubscribeAsync(redis, NodeChannel(NodeId), null).ConfigureAwait(false);
        foreach (var nsp in _subscribed.Values)
        {
            await SubscribeAsync(redis, NamespaceChannel(nsp.Name), nsp).ConfigureAwait(false);
        }
    }

    private async Task SubscribeAsync(ConnectionMultiplexer redis, string channel, Namespace? nsp)
    {
        if (!_liveChannels.TryAdd(channel, true))
        {
            return;
        }

        var subscriber = redis.GetSubscriber();
        var literal = RedisChannel.Literal(channel);
        try
        {
            // One ordered queue per channel: messages of a namespace are handled in the order Redis sent them.
            var queue = await subscriber.SubscribeAsync(literal).ConfigureAwait(false);
            queue.OnMessage(message => OnMessageAsync(nsp, message));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            RedisBackplaneLog.OperationFailed(_logger, "subscribe " + channel, exception);

            // The client may keep the failed subscription and restore it later, with a queue nobody reads: drop it
            // here (this node has no other handler on the channel) before the next attempt.
            try
            {
                await subscriber.UnsubscribeAsync(literal, handler: null, CommandFlags.FireAndForget).ConfigureAwait(false);
            }
            catch (Exception unsubscribe) when (unsubscribe is RedisException or TimeoutException)
            {
                RedisBackplaneLog.OperationFailed(_logger, "unsubscribe " + channel, unsubscribe);
            }

            _liveChannels.TryRemove(channel, out _);
        }
    }

    private Task OnMessageAsync(Namespace? nsp, ChannelMessage message)
    {
        try
        {
            var reader = new RedisEnvelopeReader((ReadOnlyMemory<byte>)message.Message);
            var kind = (RedisMessageKind)reader.ReadByte();
            var origin = reader.ReadString();
            RedisTelemetry.Received(Host, kind, reader.ReadInt64(), ownMessage: origin == NodeId);
            if (kind == RedisMessageKind.Recoverable)
            {
                // Every node delivers these, the sending one too: that is how all of them keep one order.
                if (nsp is not null)
                {
                    OnRecoverable(nsp, ref reader);
                }

                return Task.CompletedTask;
            }

            if (origin == NodeId)
            {
                return Task.CompletedTask;
            }

            if (kind == RedisMessageKind.AckReply)
            {
                OnAckReply(origin ?? string.Empty, ref reader);
                return Task.CompletedTask;
            }

            if (nsp is null)
            {
                return Task.CompletedTask;
            }

            switch (kind)
            {
                case RedisMessageKind.Broadcast:
                    OnBroadcast(nsp, ref reader);
                    break;
                case RedisMessageKind.BroadcastWithAck:
                    OnBroadcastWithAck(nsp, origin ?? string.Empty, ref reader);
                    break;
                case RedisMessageKind.Command:
                    var command = (BackplaneCommand)reader.ReadByte();
                    var rooms = reader.ReadStrings();
                    var exceptRooms = reader.ReadStrings();
                    Host.Apply(nsp, command, rooms, exceptRooms, reader.ReadString());
                    break;
                case RedisMessageKind.ServerSideEvent:
                    var eventName = reader.ReadString() ?? string.Empty;
                    var json = reader.ReadBlob();
                    _ = Host.RaiseServerSideEventAsync(nsp, eventName, json).AsTask();
                    break;
            }
        }
        catch (Exception exception)
        {
            // The boundary of everything another node (or anyone with access to Redis) sends: log it, keep serving.
            RedisBackplaneLog.MalformedMessage(_logger, message.Channel.ToString(), exception);
        }

        return Task.CompletedTask;
    }

    private void OnBroadcast(Namespace nsp, ref RedisEnvelopeReader reader)
    {
        var rooms = reader.ReadStrings();
        var exceptRooms = reader.ReadStrings();
        var packet = reader.ReadBlob();
        var attachments = ReadAttachments(ref reader);
        Host.Deliver(nsp, packet.Span, attachments, rooms, exceptRooms);
    }

    private void OnBroadcastWithAck(Namespace nsp, string origin, ref RedisEnvelopeReader reader)
    {
        var requestId = reader.ReadInt64();
        var timeout = TimeSpan.FromMilliseconds(reader.ReadInt64());
        var rooms = reader.ReadStrings();
        var exceptRooms = reader.ReadStrings();
        var packet = reader.ReadBlob();
        var attachments = ReadAttachments(ref reader);

        // Answer a little before the sender gives up, so a partial result still reaches it.
        var collected = Host.DeliverWithAckAsync(nsp, packet.Span, attachments, rooms, exceptRooms, timeout * 0.8, _stopping.Token);
        _ = ReplyAsync(origin, requestId, collected);
    }

    private async Task ReplyAsync(string origin, long requestId, Task<BroadcastAckResult> collected)
    {
        BroadcastAckResult result;
        try
        {
            result = await collected.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var envelope = new RedisEnvelopeWriter(RedisMessageKind.AckReply, NodeId);
        envelope.WriteInt64(requestId);
        envelope.WriteInt32(result.Recipients);
        envelope.WriteInt32(result.Responses.Count);
        var json = new ArrayBufferWriter<byte>();
        foreach (var response in result.Responses)
        {
            envelope.WriteString(response.SocketId);
            json.ResetWrittenCount();
            WriteJsonArray(json, response.Arguments);
            envelope.WriteBlob(json.WrittenSpan);
        }

        if (_redis is { IsConnected: true } && _subscriber is { } subscriber)
        {
            FireAndForget(subscriber.PublishAsync(RedisChannel.Literal(NodeChannel(origin)), envelope.ToArray(), CommandFlags.FireAndForget));
            Host.ReportPublished(RedisTelemetry.Name(envelope.Kind));
        }
    }

    private void OnAckReply(string origin, ref RedisEnvelopeReader reader)
    {
        var requestId = reader.ReadInt64();
        var recipients = reader.ReadInt32();
        var count = reader.ReadCount();
        if (!_pendingAcks.TryGetValue(requestId, out var collector))
        {
            return;
        }

        var responses = new List<BroadcastAck>(count);
        for (var i = 0; i < count; i++)
        {
            var socketId = reader.ReadString() ?? string.Empty;
            // The received bytes belong to this message alone, so the arguments can keep them.
            if (EventArguments.TryParse(reader.ReadBlob(), out var arguments))
            {
                responses.Add(new BroadcastAck(socketId, arguments));
            }
        }

        collector.OnReply(origin, recipients, responses);
    }

    private static ReadOnlyMemory<byte>[] ReadAttachments(ref RedisEnvelopeReader reader)
    {
        var count = reader.ReadCount();
        if (count == 0)
        {
            return [];
        }

        var attachments = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            attachments[i] = reader.ReadBlob();
        }

        return attachments;
    }

    private static void WriteJsonArray(ArrayBufferWriter<byte> output, EventArguments arguments)
    {
        output.Write("["u8);
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            output.Write(arguments[i].Span);
        }

        output.Write("]"u8);
    }
}
