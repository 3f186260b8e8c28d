namespace TypedSockets.Bench.LoadGen;

/// <summary>Where a scenario is: sessions count only while measuring and stop issuing work when draining.</summary>
internal sealed class RunPhase
{
    private const int Measuring = 1;
    private const int Draining = 2;

    /// <summary>Starts at 0: warming up.</summary>
    private volatile int _value;

    public bool IsMeasuring => _value == Measuring;

    public bool IsDraining => _value == Draining;

    public void StartMeasuring() => _value = Measuring;

    public void StartDraining() => _value = Draining;
}
