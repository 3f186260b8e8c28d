namespace TypedSockets;

/// <summary>
/// The invalid values found in one options object, each message naming the option by its configuration path
/// (<c>TypedSockets:EngineIO:PingInterval must be greater than zero</c>), so one failure lists every bad setting
/// and says where to fix it.
/// </summary>
internal sealed class OptionErrors
{
    /// <summary>
    /// The longest wait a timer accepts (<see cref="ITimer.Change"/> refuses more than 2^32 - 2 ms); a longer
    /// duration would only fail later, when the first timer is armed.
    /// </summary>
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly string _prefix;
    private readonly List<string> _failures;

    /// <summary>Starts an empty list for options found at <paramref name="path"/> (for example <c>TypedSockets:EngineIO</c>).</summary>
    public OptionErrors(string path)
        : this(path, [])
    {
    }

    private OptionErrors(string path, List<string> failures)
    {
        _prefix = path.Length == 0 ? string.Empty : path + ":";
        _failures = failures;
    }

    /// <summary>Every failure so far, of this object and the nested ones.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The errors of the options nested at <paramref name="name"/>, collected into the same list.</summary>
    public OptionErrors Nested(string name) => new(_prefix + name, _failures);

    /// <summary>Records that the option <paramref name="name"/> <paramref name="problem"/> (a phrase such as "must be greater than zero").</summary>
    public void Add(string name, string problem) => _failures.Add($"{_prefix}{name} {problem}");

    /// <summary>A duration that arms a timer: more than zero and no longer than a timer accepts.</summary>
    public void Duration(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(name, "must be greater than zero");
        }
        else if (value > MaxDuration)
        {
            Add(name, $"must be at most {MaxDuration}");
        }
    }

    /// <summary>A duration where zero turns the feature off.</summary>
    public void DurationOrZero(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            Add(name, "must not be negative (zero turns it off)");
        }
        else if (value > MaxDuration)
        {
            Add(name, $"must be at most {MaxDuration}");
        }
    }

    /// <summary>A count or size that must be positive.</summary>
    public void Positive(long value, string name)
    {
        if (value <= 0)
        {
            Add(name, "must be greater than zero");
        }
    }

    /// <summary>A count between <paramref name="min"/> and <paramref name="max"/>, both included.</summary>
    public void InRange(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            Add(name, $"must be between {min} and {max}");
        }
    }

    /// <summary>A count where zero is meaningful.</summary>
    public void NotNegative(long value, string name)
    {
        if (value < 0)
        {
            Add(name, "must not be negative");
        }
    }

    /// <summary>A required reference.</summary>
    public void NotNull(object? value, string name)
    {
        if (value is null)
        {
            Add(name, "must be set");
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> listing every failure, for constructors used without dependency
    /// injection; does nothing when the options are valid.
    /// </summary>
    public void ThrowIfAny(string paramName)
    {
        if (_failures.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", _failures), paramName);
        }
    }
}
