using System.Runtime.InteropServices;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// What every benchmark report shares: the metrics and parameters of one JSON result line, the median over rounds, the
/// machine line, and the splice of a marked section into bench/README.md. The load generator and the client driver
/// both write their tables with it.
/// </summary>
internal static class ReportParts
{
    public static Dictionary<string, double> Metrics(JsonElement root)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in root.GetProperty("metrics").EnumerateObject())
        {
            metrics[metric.Name] = metric.Value.ValueKind == JsonValueKind.Number ? metric.Value.GetDouble() : double.NaN;
        }

        return metrics;
    }

    public static Dictionary<string, string> Parameters(JsonElement root)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in root.GetProperty("parameters").EnumerateObject())
        {
            parameters[parameter.Name] = parameter.Value.GetString() ?? "";
        }

        return parameters;
    }

    /// <summary>The median of the finite values; NaN when there are none.</summary>
    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Machine()
    {
        var model = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        }

        return $"{model}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>Replaces the section between <paramref name="beginMarker"/> and <paramref name="endMarker"/>, or appends it when the file has none.</summary>
    public static string Splice(string existing, string section, string beginMarker, string endMarker)
    {
        var begin = existing.IndexOf(beginMarker, StringComparison.Ordinal);
        var end = existing.IndexOf(endMarker, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            var after = existing[(end + endMarker.Length)..].TrimStart('\n');
            return existing[..begin] + section + (after.Length > 0 ? "\n" + after : "");
        }

        return existing.TrimEnd('\n') + "\n\n" + section;
    }
}
