using System.Diagnostics;
using System.Text.Json;

namespace TypedSockets.Diagnostics;

/// <summary>
/// W3C trace context on the wire. A call carries it in an optional last argument, a JSON object whose first member is
/// <c>"$traceparent"</c>: <c>["add",1,2,{"$traceparent":"00-…-…-01","$tracestate":"…"}]</c>. The server takes such an
/// argument off before any handler sees the arguments, so a handler counts the same arguments whether or not the client
/// sent one, and a client that never sends it changes nothing. The handshake carries it as the <c>traceparent</c> HTTP
/// header of the Engine.IO handshake request or a <c>traceparent</c> member of the CONNECT auth object (a browser cannot
/// set WebSocket headers).
/// </summary>
internal static class TraceCarrier
{
    /// <summary>How a carrier argument starts, as JSON.stringify and <see cref="Utf8JsonWriter"/> both write it.</summary>
    public static ReadOnlySpan<byte> Prefix => "{\"$traceparent\":"u8;

    /// <summary>True when <paramref name="argument"/> (one argument's JSON) is a trace carrier.</summary>
    public static bool IsCarrier(ReadOnlySpan<byte> argument) => argument.StartsWith(Prefix);

    /// <summary>The trace context of a carrier argument; false when it is malformed (then the call is a root).</summary>
    public static bool TryRead(ReadOnlySpan<byte> carrier, out ActivityContext context)
    {
        context = default;
        string? traceParent = null;
        string? traceState = null;
        try
        {
            var reader = new Utf8JsonReader(carrier);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isParent = reader.ValueTextEquals("$traceparent"u8);
                var isState = !isParent && reader.ValueTextEquals("$tracestate"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.String && (isParent || isState))
                {
                    if (isParent)
                    {
                        traceParent = reader.GetString();
                    }
                    else
                    {
                        traceState = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }

    /// <summary>The <c>traceparent</c> member of a CONNECT auth object, if any (read only when something listens).</summary>
    public static string? ReadAuthTraceParent(ReadOnlySpan<byte> auth)
    {
        try
        {
            var reader = new Utf8JsonReader(auth);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isParent = reader.ValueTextEquals("traceparent"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isParent && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>Writes <paramref name="activity"/>'s context as the carrier argument.</summary>
    public static void Write(Utf8JsonWriter json, Activity activity)
    {
        json.WriteStartObject();
        json.WriteString("$traceparent"u8, activity.Id);
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            json.WriteString("$tracestate"u8, activity.TraceStateString);
        }

        json.WriteEndObject();
    }
}
