using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// Reads typed values out of event and acknowledgement arguments for generated code, on the server and the
/// client. JSON primitives go through <see cref="Utf8JsonReader"/> directly; other types through the
/// <see cref="JsonTypeInfo{T}"/> of a source-generated context. A value of the wrong shape throws
/// <see cref="HubArgumentException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HubArguments
{
    /// <summary>Fails unless there are exactly <paramref name="expected"/> arguments.</summary>
    public static void ExpectCount(in EventArguments arguments, int expected)
    {
        if (arguments.Count != expected)
        {
            throw new HubArgumentException($"expected {expected} argument(s), got {arguments.Count}");
        }
    }

    /// <summary>Argument <paramref name="index"/> as a string (not null); <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static string ReadString(in EventArguments arguments, int index) =>
        ReadNullableString(arguments, index) ?? throw Mismatch(index, "a string");

    /// <summary>Argument <paramref name="index"/> as a string or null; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static string? ReadNullableString(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType switch
        {
            // An escape that is not valid UTF-16 (a lone surrogate) is a bad argument like any other.
            JsonTokenType.String => JsonStrings.TryGetString(ref reader) ?? throw Mismatch(index, "a string"),
            JsonTokenType.Null => null,
            _ => throw Mismatch(index, "a string"),
        };
    }

    /// <summary>Argument <paramref name="index"/> as a boolean; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static bool ReadBoolean(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Mismatch(index, "a boolean"),
        };
    }

    /// <summary>Argument <paramref name="index"/> as a 32-bit integer; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static int ReadInt32(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Mismatch(index, "a 32-bit integer");
    }

    /// <summary>Argument <paramref name="index"/> as a 64-bit integer; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static long ReadInt64(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Mismatch(index, "a 64-bit integer");
    }

    /// <summary>Argument <paramref name="index"/> as a double; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static double ReadDouble(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : throw Mismatch(index, "a number");
    }

    /// <summary>Argument <paramref name="index"/> as a single-precision number; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static float ReadSingle(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var value) ? value : throw Mismatch(index, "a number");
    }

    /// <summary>Argument <paramref name="index"/> as a decimal; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static decimal ReadDecimal(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) ? value : throw Mismatch(index, "a number");
    }

    /// <summary>Argument <paramref name="index"/> as a GUID string; <see cref="HubArgumentException"/> when it is not one.</summary>
    /// <param name="arguments">The event or ack arguments.</param>
    /// <param name="index">The argument's position.</param>
    public static Guid ReadGuid(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return reader.TokenType == JsonTokenType.String && JsonStrings.TryGetGuid(ref reader, out var value) ? value : throw Mismatch(index, "a GUID string");
    }

    /// <summary>Any JSON value, kept as is (the hub decides what it accepts).</summary>
    public static JsonElement ReadJsonElement(in EventArguments arguments, int index)
    {
        var reader = Start(arguments, index);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Any JSON value as its raw text, not parsed nor copied: valid only while the event is handled.</summary>
    public static RawJson ReadRawJson(in EventArguments arguments, int index)
    {
        CheckIndex(arguments, index);
        return new RawJson(arguments[index]);
    }

    /// <summary>A binary attachment, copied (the packet's buffers are reused after the handler).</summary>
    public static byte[] ReadBytes(in EventArguments arguments, int index) => ReadMemory(arguments, index).ToArray();

    /// <summary>A binary attachment, not copied: valid only while the event is handled.</summary>
    public static ReadOnlyMemory<byte> ReadMemory(in EventArguments arguments, int index)
    {
        CheckIndex(arguments, index);
        return arguments.TryGetBinary(index, out var bytes) ? bytes : throw Mismatch(index, "binary data");
    }

    /// <summary>A value of any type the source-generated <paramref name="typeInfo"/> describes.</summary>
    public static T? Read<T>(in EventArguments arguments, int index, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        CheckIndex(arguments, index);
        var reader = arguments.GetReader(index);
        try
        {
            return JsonSerializer.Deserialize(ref reader, typeInfo);
        }
        catch (JsonException exception)
        {
            // In the contract's terms (JSON shapes), never .NET type names or the parser's line and byte positions:
            // those stay in the inner exception, which the dispatcher shows only with detailed errors on.
            throw new HubArgumentException(DescribeFailure(index, typeInfo, exception.Path), exception);
        }
    }

    /// <summary>The error of a value that must not be null.</summary>
    public static HubArgumentException NullArgument(int index) => new($"argument {index} must not be null");

    /// <summary>Throws the <see cref="HubException"/> an error acknowledgement carries.</summary>
    public static void ThrowIfError(in EventArguments arguments)
    {
        if (ErrorAcknowledgement.TryRead(arguments, out var error))
        {
            throw new HubException(error);
        }
    }

    // Inlined so the reader is built in the caller's frame rather than copied out of this one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Utf8JsonReader Start(in EventArguments arguments, int index)
    {
        CheckIndex(arguments, index);
        var reader = arguments.GetReader(index);
        if (!reader.Read())
        {
            throw Mismatch(index, "a JSON value");
        }

        return reader;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckIndex(in EventArguments arguments, int index)
    {
        if ((uint)index >= (uint)arguments.Count)
        {
            throw Missing(index);
        }
    }

    /// <summary>
    /// "argument 1 is not an object of the expected shape: $.text must be a string": the argument, what it should be
    /// and, when the serializer knows where it failed (its JSON path), what the contract expects there.
    /// </summary>
    internal static string DescribeFailure(int index, JsonTypeInfo typeInfo, string? path)
    {
        var message = $"argument {index} is not {Describe(typeInfo)}";
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return message;
        }

        return TryFollow(typeInfo, path, out var target) ? $"{message}: {path} must be {Describe(target)}" : $"{message}: the value at {path} does not fit";
    }

    /// <summary>What a value of <paramref name="typeInfo"/> looks like in JSON, as a client author reads it.</summary>
    internal static string Describe(JsonTypeInfo typeInfo) => typeInfo.Kind switch
    {
        JsonTypeInfoKind.Object => "an object of the expected shape",
        JsonTypeInfoKind.Dictionary => "an object",
        JsonTypeInfoKind.Enumerable => "an array",
        _ => DescribeValue(Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type),
    };

    /// <summary>Follows a serializer path (<c>$.a.b[2]['c d']</c>) through the contract's types to the one at its end.</summary>
    private static bool TryFollow(JsonTypeInfo root, string path, out JsonTypeInfo target)
    {
        target = root;
        try
        {
            var i = 1;
            while (i < path.Length)
            {
                string? name;
                if (path[i] == '.')
                {
                    var end = path.IndexOfAny(['.', '['], i + 1);
                    end = end < 0 ? path.Length : end;
                    name = path[(i + 1)..end];
                    i = end;
                }
                else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return false;
                    }

                    name = path[(i + 2)..end];
                    i = end + 2;
                }
                else if (path[i] == '[')
                {
                    var end = path.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        return false;
                    }

                    name = null;
                    i = end + 1;
                }
                else
                {
                    return false;
                }

                if (!TryStep(target, name, out target))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // A type the context does not describe: say where, not what.
            return false;
        }
    }

    private static bool TryStep(JsonTypeInfo current, string? property, out JsonTypeInfo next)
    {
        next = current;
        if (property is null || current.Kind == JsonTypeInfoKind.Dictionary)
        {
            if (current.ElementType is not { } element || (property is null && current.Kind != JsonTypeInfoKind.Enumerable))
            {
                return false;
            }

            next = current.Options.GetTypeInfo(element);
            return true;
        }

        if (current.Kind != JsonTypeInfoKind.Object)
        {
            return false;
        }

        foreach (var candidate in current.Properties)
        {
            if (string.Equals(candidate.Name, property, current.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                next = current.Options.GetTypeInfo(candidate.PropertyType);
                return true;
            }
        }

        return false;
    }

    private static string DescribeValue(Type type) =>
        type == typeof(string) || type == typeof(char) || type == typeof(Uri) ? "a string"
        : type == typeof(bool) ? "a boolean"
        : type.IsEnum ? "one of its allowed values"
        : type.IsPrimitive || type == typeof(decimal) || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128) ? "a number"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) ? "a date or time string"
        : type == typeof(Guid) ? "a GUID string"
        : "a valid value";

    private static HubArgumentException Missing(int index) => new($"argument {index} is missing");

    private static HubArgumentException Mismatch(int index, string expected) => new($"argument {index} is not {expected}");
}
