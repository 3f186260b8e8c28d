using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>One scenario run against one server: its measurements, its correctness verdict and the CPU both sides used.</summary>
internal sealed class ScenarioResult(string scenario, ErrorLog errors)
{
    /// <summary>Above this share of its core the generator may be the bottleneck, which voids the run.</summary>
    public const double SaturatedGeneratorCpu = 0.9;

    public string Scenario { get; } = scenario;

    public ErrorLog Errors { get; } = errors;

    public List<KeyValuePair<string, string>> Parameters { get; } = [];

    public List<KeyValuePair<string, double>> Metrics { get; } = [];

    public double GeneratorCpu { get; set; } = double.NaN;

    public double ServerCpu { get; set; } = double.NaN;

    /// <summary>The part of <see cref="ServerCpu"/> spent in the kernel (system calls, loopback TCP, scheduling).</summary>
    public double ServerKernelCpu { get; set; } = double.NaN;

    /// <summary>The backplane's (Redis') CPU, measured when the target names it; it shares the generator's core.</summary>
    public double BackplaneCpu { get; set; } = double.NaN;

    public bool Passed => Errors.Count == 0;

    /// <summary>The generator's core is saturated, counting the backplane when the two share it.</summary>
    public bool GeneratorSaturated => GeneratorCpu + (double.IsFinite(BackplaneCpu) ? BackplaneCpu : 0) > SaturatedGeneratorCpu;

    public void Parameter(string name, object value) => Parameters.Add(new(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));

    public void Metric(string name, double value) => Metrics.Add(new(name, value));

    public void WriteJson(Utf8JsonWriter writer, string server, int round)
    {
        writer.WriteStartObject();
        writer.WriteString("server", server);
        writer.WriteString("scenario", Scenario);
        writer.WriteNumber("round", round);
        writer.WriteBoolean("ok", Passed);
        writer.WriteNumber("errorCount", Errors.Count);
        writer.WriteStartArray("errors");
        foreach (var message in Errors.Messages)
        {
            writer.WriteStringValue(message);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("parameters");
        foreach (var (name, value) in Parameters)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("metrics");
        foreach (var (name, value) in Metrics)
        {
            WriteNumber(writer, name, value);
        }

        writer.WriteEndObject();
        WriteNumber(writer, "generatorCpu", GeneratorCpu);
        WriteNumber(writer, "serverCpu", ServerCpu);
        WriteNumber(writer, "serverKernelCpu", ServerKernelCpu);
        WriteNumber(writer, "backplaneCpu", BackplaneCpu);
        writer.WriteBoolean("generatorSaturated", GeneratorSaturated);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public string Describe(string server)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{server,-13} {Scenario,-16} {(Passed ? "ok  " : "FAIL")}");
        foreach (var (name, value) in Metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $" {name}={value:0.##}");
        }

        text.Append(CultureInfo.InvariantCulture, $" generatorCpu={GeneratorCpu:P0} serverCpu={ServerCpu:P0} serverKernelCpu={ServerKernelCpu:P0}");
        if (double.IsFinite(BackplaneCpu))
        {
            text.Append(CultureInfo.InvariantCulture, $" backplaneCpu={BackplaneCpu:P0}");
        }

        foreach (var message in Errors.Messages)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n    error: {message}");
        }

        if (Errors.Count > Errors.Messages.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n    ... {Errors.Count} errors in all");
        }

        return text.ToString();
    }
}
