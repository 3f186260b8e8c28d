using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>One run (one client library against one server, one round) as a console line and a JSON line.</summary>
internal sealed class ClientRunResult(string client, string server, int round, ClientLoadSettings settings, ClientMeasurement measurement)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{client} client -> {server}: {(measurement.Errors.Count == 0 ? "ok  " : "FAIL")}");
        foreach (var (name, value) in measurement.Metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $" {name}={value:0.###}");
        }

        foreach (var message in measurement.Errors.Messages)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n    error: {message}");
        }

        if (measurement.Errors.Count > measurement.Errors.Messages.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n    ... {measurement.Errors.Count} errors in all");
        }

        return text.ToString();
    }

    public string ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("client", client);
            writer.WriteString("server", server);
            writer.WriteNumber("round", round);
            writer.WriteBoolean("ok", measurement.Errors.Count == 0);
            writer.WriteNumber("errorCount", measurement.Errors.Count);
            writer.WriteStartArray("errors");
            foreach (var message in measurement.Errors.Messages)
            {
                writer.WriteStringValue(message);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("parameters");
            writer.WriteString("connections", settings.Connections.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("window", settings.Window.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("payloadBytes", settings.PayloadBytes.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("warmupSeconds", settings.Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("seconds", settings.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteStartObject("metrics");
            foreach (var (name, value) in measurement.Metrics)
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

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
