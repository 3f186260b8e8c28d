using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// A connection to a hub's namespace before it is accepted (socket.io's namespace middleware): the handshake
/// (headers, query, the CONNECT <c>auth</c> payload), the user so far, and the connection's items. An
/// <see cref="IHubConnectionAuthenticator{THub}"/> reads it and accepts, sets <see cref="User"/> and
/// <see cref="Items"/>, or refuses with <see cref="Refuse(string)"/>.
/// </summary>
public sealed class HubConnectingContext
{
    internal HubConnectingContext(Socket socket, IServiceProvider services, string? tokenFailure)
    {
        Socket = socket;
        Services = services;
        TokenFailure = tokenFailure;
    }

    /// <summary>The namespace, starting with <c>/</c>.</summary>
    public string Namespace => Socket.Namespace.Name;

    /// <summary>The HTTP request that opened the connection (headers, query, remote address).</summary>
    public EngineHandshake Handshake => Socket.Handshake;

    /// <summary>The opening request's headers (cookies, <c>Authorization</c>, <c>Origin</c>...).</summary>
    public IHeaderDictionary Headers => Socket.Handshake.Headers;

    /// <summary>The opening request's query string.</summary>
    public IQueryCollection Query => Socket.Handshake.Query;

    /// <summary>The <c>auth</c> payload of the client's CONNECT as raw JSON (<c>{}</c> when it sent none).</summary>
    public ReadOnlyMemory<byte> Auth => Socket.Auth;

    /// <summary>
    /// The user so far: the opening request's, or the one a bearer token authenticated. Set it to accept the
    /// connection as someone else; <c>Context.User</c> of every invocation is this value.
    /// </summary>
    public ClaimsPrincipal User
    {
        get => Socket.User;
        set => Socket.User = value;
    }

    /// <summary>State that lives as long as the connection (<c>Context.Items</c> in the hub).</summary>
    public IDictionary<string, object?> Items => Socket.Items;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Why a bearer token was not accepted (<c>"no token"</c>, an expired token...), or null when none failed.</summary>
    public string? TokenFailure { get; }

    /// <summary>The low-level socket being connected.</summary>
    public Socket Socket { get; }

    /// <summary>
    /// The <c>auth</c> payload as <typeparamref name="T"/>, read with the application's source-generated JSON
    /// metadata; default when the payload is not a <typeparamref name="T"/> (a client's bad input is a refusal to
    /// decide, not a server error).
    /// </summary>
    /// <typeparam name="T">The payload's type.</typeparam>
    /// <param name="typeInfo">Its JSON metadata (<c>MyJsonContext.Default.MyAuth</c>).</param>
    public T? ReadAuth<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return JsonSerializer.Deserialize(Socket.Auth.Span, typeInfo);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A refusal: the client's <c>connect_error</c> has <paramref name="message"/> and no data.</summary>
    /// <param name="message">The error's message (<c>err.message</c>).</param>
    public static ConnectError Refuse(string message) => new(message);

    /// <summary>A refusal with data: <c>err.data</c> on the client is <paramref name="data"/> as JSON.</summary>
    /// <typeparam name="T">The data's type.</typeparam>
    /// <param name="message">The error's message (<c>err.message</c>).</param>
    /// <param name="data">The error's data (<c>err.data</c>).</param>
    /// <param name="typeInfo">The data's JSON metadata.</param>
    public static ConnectError Refuse<T>(string message, T data, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new ConnectError(message, JsonSerializer.SerializeToUtf8Bytes(data, typeInfo));
    }

    /// <summary>A refusal whose data is <c>{"reason": <paramref name="reason"/>}</c>.</summary>
    /// <param name="message">The error's message (<c>err.message</c>).</param>
    /// <param name="reason">Why, for the client (<c>err.data.reason</c>).</param>
    public static ConnectError RefuseWithReason(string message, string reason)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + reason.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("reason"u8, reason);
            writer.WriteEndObject();
        }

        return new ConnectError(message, buffer.WrittenMemory);
    }
}
