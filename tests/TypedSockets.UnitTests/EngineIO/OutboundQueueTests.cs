using System.Text;
using TypedSockets.EngineIO;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// A session's outbound queue and a transport's send batch keep their first packet in a field and create a queue or a
/// list only for a second: order, and every reference released exactly once, must be the same either way.
/// </summary>
public sealed class OutboundQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Queue_gives_packets_back_in_order_however_many_wait(int count)
    {
        var queue = default(OutboundQueue);
        var messages = Messages(count);
        foreach (var message in messages)
        {
            queue.Enqueue(OutboundPacket.For(message));
        }

        Assert.Equal(count, queue.Count);
        foreach (var message in messages)
        {
            Assert.True(queue.TryDequeue(out var packet));
            Assert.Same(message, packet.Message);
        }

        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));
        ReleaseAll(messages);
    }

    [Fact]
    public void Queue_keeps_order_when_packets_arrive_while_others_leave()
    {
        var queue = default(OutboundQueue);
        var messages = Messages(5);
        queue.Enqueue(OutboundPacket.For(messages[0]));
        queue.Enqueue(OutboundPacket.Ping);
        Assert.True(queue.TryDequeue(out var first));
        Assert.Same(messages[0], first.Message);
        queue.Enqueue(OutboundPacket.For(messages[1]));
        queue.Enqueue(OutboundPacket.For(messages[2]));
        Assert.True(queue.TryDequeue(out var ping));
        Assert.Equal(EnginePacketType.Ping, ping.Type);

        // Emptied down to one, then refilled: the one in the field still leaves first.
        Assert.True(queue.TryDequeue(out var second));
        Assert.Same(messages[1], second.Message);
        queue.Enqueue(OutboundPacket.For(messages[3]));
        queue.Enqueue(OutboundPacket.For(messages[4]));
        var rest = new List<EngineMessage?>();
        while (queue.TryDequeue(out var packet))
        {
            rest.Add(packet.Message);
        }

        Assert.Equal([messages[2], messages[3], messages[4]], rest);
        ReleaseAll(messages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Batch_reads_its_packets_in_order_and_releases_each_once(int count)
    {
        var batch = default(OutboundBatch);
        var messages = Messages(Math.Max(count, 2));

        // Used twice: the second batch (one packet after many, or many after one) reads and releases the same way.
        for (var round = 0; round < 2; round++)
        {
            var size = round == 0 ? count : count == 1 ? 2 : 1;
            foreach (var message in messages.Take(size))
            {
                message.Retain();
                batch.Add(OutboundPacket.For(message));
            }

            Assert.Equal(size, batch.Count);
            for (var i = 0; i < size; i++)
            {
                Assert.Same(messages[i], batch[i].Message);
            }

            batch.ReleaseAll();
            Assert.Equal(0, batch.Count);
            Assert.All(messages, message => Assert.Equal(1, message.ReferenceCount));
        }

        ReleaseAll(messages);
    }

    private static EngineMessage[] Messages(int count) =>
        [.. Enumerable.Range(0, count).Select(i => RecordingEngineHandler.CreateMessage(Encoding.UTF8.GetBytes("m" + i), isBinary: false))];

    private static void ReleaseAll(EngineMessage[] messages)
    {
        foreach (var message in messages)
        {
            message.Release();
        }
    }
}
