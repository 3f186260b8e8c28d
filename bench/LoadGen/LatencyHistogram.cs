using System.Diagnostics;
using System.Numerics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Log-linear histogram of Stopwatch ticks: 16 sub-buckets per power of two (about 6% resolution),
/// fixed size, shared by all sessions of a run (the generator runs on one core, so increments rarely contend).
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 4;
    private const int SubBuckets = 1 << SubBits;
    private readonly long[] _counts = new long[(64 - SubBits + 1) * SubBuckets];

    public void Record(long ticks)
    {
        if (ticks < 0)
        {
            ticks = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf((ulong)ticks)]);
    }

    private static int IndexOf(ulong value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount(value);
        var sub = (int)(value >> (exponent - SubBits)) & (SubBuckets - 1);
        return ((exponent - SubBits + 1) * SubBuckets) + sub;
    }

    private static double MidpointOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var exponent = (index / SubBuckets) + SubBits - 1;
        var sub = index % SubBuckets;
        var low = (1UL << exponent) + ((ulong)sub << (exponent - SubBits));
        var width = 1UL << (exponent - SubBits);
        return low + (width / 2.0);
    }

    public long Count
    {
        get
        {
            long total = 0;
            foreach (var count in _counts)
            {
                total += count;
            }

            return total;
        }
    }

    /// <summary>The value below which <paramref name="fraction"/> of the samples lie, in microseconds; NaN when empty.</summary>
    public double PercentileMicroseconds(double fraction)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return MidpointOf(i) * 1_000_000.0 / Stopwatch.Frequency;
            }
        }

        return double.NaN;
    }
}
