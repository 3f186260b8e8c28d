namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Which connection counts of the scale scenario one run can hold. Each connection costs a descriptor in the server and
/// one in the generator, so a size above either process' open-file limit (less what it already holds) is not run but
/// reported; the largest round size that fits is then added, so the run still measures close to the limit.
/// </summary>
internal sealed record ScalePlan(IReadOnlyList<int> Sizes, IReadOnlyList<int> NotRun, int OpenFileLimit, int Capacity)
{
    /// <summary>Descriptors kept free on each side: the publisher, files the runtimes open while running, the listener.</summary>
    public const int Reserve = 128;

    /// <summary>Why a size was not run, as the table shows it.</summary>
    public string NotRunReason => $"open-file limit {OpenFileLimit}";

    /// <param name="requested">The sizes asked for.</param>
    /// <param name="sides">Each process' (limit, descriptors open now); an unknown limit does not bound.</param>
    /// <param name="addLargestFitting">Whether to add the largest round size that fits when some size does not (not in smoke runs).</param>
    public static ScalePlan Make(IReadOnlyList<int> requested, IEnumerable<(int? Limit, int? Open)> sides, bool addLargestFitting)
    {
        var capacity = int.MaxValue;
        var limit = int.MaxValue;
        foreach (var (sideLimit, open) in sides)
        {
            if (sideLimit is { } known)
            {
                capacity = Math.Min(capacity, known - (open ?? 0) - Reserve);
                limit = Math.Min(limit, known);
            }
        }

        var sizes = requested.Where(size => size > 0 && size <= capacity).Distinct().Order().ToList();
        var notRun = requested.Where(size => size > capacity).Distinct().Order().ToList();
        if (notRun.Count > 0 && addLargestFitting && RoundDown(capacity) is var largest && largest > 0 && (sizes.Count == 0 || largest > sizes[^1]))
        {
            sizes.Add(largest);
        }

        return new ScalePlan(sizes, notRun, limit, capacity);
    }

    /// <summary>A size a reader compares at a glance: whole thousands from 10,000 up, whole hundreds from 1,000.</summary>
    private static int RoundDown(int capacity) => capacity switch
    {
        >= 10_000 => capacity / 1000 * 1000,
        >= 1000 => capacity / 100 * 100,
        _ => capacity,
    };
}
