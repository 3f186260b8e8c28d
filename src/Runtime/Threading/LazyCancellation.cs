namespace TypedSockets.Threading;

/// <summary>
/// A cancellation source created only when somebody asks for its token (most connections never do), for an owner
/// that may end at the same moment: whoever publishes the source, or whoever ends the owner, cancels it, and never
/// both miss it.
/// </summary>
internal static class LazyCancellation
{
    /// <summary>
    /// The source in <paramref name="field"/>, published there by the first caller. The owner's end reads the field
    /// after setting its ended flag; a caller that publishes the source after that read cancels it itself, through
    /// <paramref name="cancel"/>, when <paramref name="hasEnded"/> says the owner already ended.
    /// </summary>
    public static CancellationTokenSource Initialize<TOwner>(ref CancellationTokenSource? field, TOwner owner, Func<TOwner, bool> hasEnded, Action<TOwner, CancellationTokenSource> cancel)
    {
        var created = new CancellationTokenSource();
        if (Interlocked.CompareExchange(ref field, created, null) is { } existing)
        {
            created.Dispose();
            return existing;
        }

        if (hasEnded(owner))
        {
            cancel(owner, created);
        }

        return created;
    }
}
