using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

public sealed class AsyncSignalTests
{
    [Fact]
    public async Task Set_before_wait_completes_the_wait_once()
    {
        var signal = new AsyncSignal();
        signal.Set();
        signal.Set();

        await signal.WaitAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var second = signal.WaitAsync();

        Assert.False(second.IsCompleted);
        signal.Set();
        await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task No_set_from_many_threads_is_lost()
    {
        const int Producers = 4;
        const int PerProducer = 20_000;
        var signal = new AsyncSignal();
        var produced = 0;
        var consumerWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = Task.Run(async () =>
        {
            var wait = signal.WaitAsync();
            consumerWaiting.SetResult();
            await wait;
            while (Volatile.Read(ref produced) < Producers * PerProducer)
            {
                await signal.WaitAsync();
            }
        });
        await consumerWaiting.Task;

        var producers = Enumerable.Range(0, Producers).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                Interlocked.Increment(ref produced);
                signal.Set();
            }
        }));
        await Task.WhenAll(producers);

        // A lost wake-up leaves the consumer waiting forever with the last items unseen.
        await consumer.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
