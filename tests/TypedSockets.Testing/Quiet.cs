namespace TypedSockets.Testing;

/// <summary>
/// Proving that something does not happen needs a bounded wait: this is the one place that waits for a fixed time.
/// Prefer a positive signal where the protocol orders messages (send a marker after and see it arrive first); use
/// this where nothing comes after. A window only shows that nothing came within it: it cannot fail a correct
/// implementation, and it fails a wrong one that is fast enough to act within it.
/// </summary>
public static class Quiet
{
    /// <summary>The window used unless a test names its own: long enough for an in-process server to answer.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>Fails if <paramref name="pending"/> completes within <paramref name="window"/>.</summary>
    public static async Task AssertNothingArrivesWithin(Task pending, string what, TimeSpan? window = null)
    {
        var limit = window ?? DefaultWindow;
        var first = await Task.WhenAny(pending, Task.Delay(limit));
        Assert.False(first == pending, $"{what} within {limit.TotalMilliseconds:0} ms");
    }

    /// <summary>Fails if <paramref name="happened"/> becomes true within <paramref name="window"/>.</summary>
    public static async Task AssertNothingArrivesWithin(Func<bool> happened, string what, TimeSpan? window = null)
    {
        var limit = window ?? DefaultWindow;
        var deadline = DateTime.UtcNow + limit;
        do
        {
            Assert.False(happened(), what);
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        while (DateTime.UtcNow < deadline);

        Assert.False(happened(), what);
    }
}
