using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;
using TypedSockets.Tests.SocketIO.Recovery;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// A socket's <see cref="Socket.Items"/> are used from more than its own handler: another socket's handler looking up a
/// user, a timer updating presence, a background task. Four threads write, read, remove and enumerate the items of one
/// connected socket at once; a collection that is not safe for that throws (or loses entries) here.
/// </summary>
public sealed class SocketItemsTests
{
    [Fact]
    public async Task Items_take_writes_reads_removals_and_enumeration_from_several_threads_at_once()
    {
        var socketIO = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        socketIO.Of("/");
        await using var server = await EngineTestServer.StartAsync(handler: socketIO);
        using var client = await RecoveryClient.ConnectAsync(server);
        Assert.True(socketIO.Sockets.TryGetSocket(client.Sid, out var socket));
        var items = socket!.Items;
        const int Workers = 4;
        const int Rounds = 20_000;
        using var start = new Barrier(Workers);

        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Rounds; i++)
            {
                items[$"{worker}:{i % 100}"] = i;
                items.TryGetValue($"{(worker + 1) % Workers}:{i % 100}", out _);
                if (i % 7 == 0)
                {
                    items.Remove($"{worker}:{(i + 50) % 100}");
                }

                if (i % 500 == 0)
                {
                    foreach (var (key, _) in items)
                    {
                        Assert.NotNull(key);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        // Each worker's last write of each of its keys is there: nothing lost to a concurrent resize.
        for (var worker = 0; worker < Workers; worker++)
        {
            for (var slot = 0; slot < 100; slot++)
            {
                var last = Rounds - 100 + slot;
                var removedAfter = Enumerable.Range(last + 1, Rounds - last - 1).Any(i => i % 7 == 0 && (i + 50) % 100 == slot);
                Assert.Equal(removedAfter ? null : last, items.TryGetValue($"{worker}:{slot}", out var value) ? value : null);
            }
        }
    }
}
