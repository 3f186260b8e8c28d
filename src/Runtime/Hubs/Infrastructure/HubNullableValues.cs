using System.ComponentModel;
using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// Nullable primitives (<c>int?</c>, <c>Guid?</c>…) on the wire without a JsonSerializerContext, as their primitives
/// travel: <c>null</c> or the value. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HubNullableValues
{
    /// <summary>Whether argument <paramref name="index"/> is JSON <c>null</c>.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static bool IsNull(in EventArguments arguments, int index) =>
        index < arguments.Count && arguments[index].Span.Trim(" \t\r\n"u8).SequenceEqual("null"u8);

    /// <summary>Writes <paramref name="value"/> or <c>null</c>.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void Write(Utf8JsonWriter writer, bool? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteBooleanValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <inheritdoc cref="Write(Utf8JsonWriter, bool?)"/>
    public static void Write(Utf8JsonWriter writer, int? value) => WriteNumber(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <inheritdoc cref="Write(Utf8JsonWriter, bool?)"/>
    public static void Write(Utf8JsonWriter writer, long? value) => WriteNumber(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <inheritdoc cref="Write(Utf8JsonWriter, bool?)"/>
    public static void Write(Utf8JsonWriter writer, double? value) => WriteNumber(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <inheritdoc cref="Write(Utf8JsonWriter, bool?)"/>
    public static void Write(Utf8JsonWriter writer, float? value) => WriteNumber(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <inheritdoc cref="Write(Utf8JsonWriter, bool?)"/>
    public static void Write(Utf8JsonWriter writer, decimal? value) => WriteNumber(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <inheritdoc cref="Write(Utf8JsonWriter, bool?)"/>
    public static void Write(Utf8JsonWriter writer, Guid? value) => WriteNumber(writer, value, static (w, v) => w.WriteStringValue(v));

    private static void WriteNumber<T>(Utf8JsonWriter writer, T? value, Action<Utf8JsonWriter, T> write)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            write(writer, v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
