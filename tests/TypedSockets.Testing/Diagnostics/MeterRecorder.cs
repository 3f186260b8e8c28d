using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TypedSockets.Testing;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>
/// An in-process <see cref="MeterListener"/> on one application's <c>TypedSockets</c> meter (the one its
/// <see cref="IMeterFactory"/> created; other tests' servers run beside it), keeping every measurement.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MeterRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "TypedSockets" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The names of the instruments this recorder listens to.</summary>
    public HashSet<string> Seen => [.. _measurements.Select(static m => m.Instrument)];

    /// <summary>The sum of the measurements of <paramref name="instrument"/> carrying every tag of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, object Value)[] tags) =>
        Matching(instrument, tags).Sum(static m => m.Value);

    /// <summary>How many measurements of <paramref name="instrument"/> (a histogram's records) carry <paramref name="tags"/>.</summary>
    public int Count(string instrument, params (string Key, object Value)[] tags) => Matching(instrument, tags).Count();

    /// <summary>The values of a histogram's records carrying <paramref name="tags"/>.</summary>
    public double[] Values(string instrument, params (string Key, object Value)[] tags) => [.. Matching(instrument, tags).Select(static m => m.Value)];

    /// <summary>What an observable instrument reports now for <paramref name="tags"/>.</summary>
    public double Current(string instrument, params (string Key, object Value)[] tags)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        var latest = _measurements.Skip(before).Where(m => m.Instrument == instrument && HasTags(m.Tags, tags)).ToList();
        return latest.Count == 0 ? 0 : latest[^1].Value;
    }

    public Task Until(Func<MeterRecorder, bool> condition, string what) => Poll.UntilAsync(() => condition(this), what);

    public void Dispose() => _listener.Dispose();

    private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, object Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && HasTags(m.Tags, tags));

    private static bool HasTags(KeyValuePair<string, object?>[] actual, (string Key, object Value)[] expected) =>
        expected.All(e => actual.Any(a => a.Key == e.Key && Equals(a.Value, e.Value)));
}
