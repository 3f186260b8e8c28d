namespace TypedSockets.Testing;

/// <summary>
/// Waiting for a state the test cannot be told about directly (a count on the server, a log line, a session gone).
/// The only place where tests poll: everything else awaits a signal. A condition never met fails the test with
/// <c>what</c> it was waiting for; the timeout is generous because a loaded 2-core machine is slow, never because the
/// code under test needs that long.
/// </summary>
public static class Poll
{
    /// <summary>How long a condition may take by default before the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Returns as soon as <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Returns as soon as <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(Interval);
        }
    }
}
