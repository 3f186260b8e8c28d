using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace TypedSockets.EngineIO;

/// <summary>
/// The parts of the HTTP request that opened an Engine.IO session, copied out of the request so they
/// outlive it (a long-polling handshake request ends long before the session does).
/// </summary>
/// <remarks>
/// Most sessions never read their handshake, and an idle connection should not pay for dictionaries it never
/// looks at, so the headers, query and user are built on first use. A WebSocket accepted below the HTTP server
/// (the fast path) keeps only the request head's bytes. One accepted by the HTTP endpoint keeps the request's
/// header names and values (the strings are the request's own; only an array of references is new), its raw
/// query string, and its user only when authentication set one.
/// </remarks>
public sealed class EngineHandshake
{
    // The request head's bytes (the fast path), or the request's headers (HTTP): KeyValuePair<string, StringValues>[].
    private readonly object? _source;
    private readonly Range _query;
    private readonly string? _queryString;
    private IHeaderDictionary? _headers;
    private IQueryCollection? _queryCollection;
    private ClaimsPrincipal? _user;

    /// <summary>A handshake from parts already copied out of their request (tests, or a host of its own).</summary>
    public EngineHandshake(IHeaderDictionary headers, IQueryCollection query, IPAddress? remoteAddress, ClaimsPrincipal user, string path)
    {
        _headers = headers;
        _queryCollection = query;
        RemoteAddress = remoteAddress;
        _user = user;
        Path = path;
    }

    /// <summary>A handshake read off the raw connection: <paramref name="head"/> is the whole request head (request line to the empty line).</summary>
    internal EngineHandshake(byte[] head, Range query, IPAddress? remoteAddress, string path)
    {
        _source = head;
        _query = query;
        RemoteAddress = remoteAddress;
        Path = path;
    }

    /// <summary>A handshake of an HTTP request: its headers, and its parsed query or else its raw query string; a null user is anonymous.</summary>
    private EngineHandshake(KeyValuePair<string, StringValues>[] headers, IQueryCollection? query, string? queryString, IPAddress? remoteAddress, ClaimsPrincipal? user, string path)
    {
        _source = headers;
        _queryCollection = query;
        _queryString = queryString;
        RemoteAddress = remoteAddress;
        _user = user;
        Path = path;
    }

    /// <summary>The request headers (cookies, <c>Authorization</c>, <c>Origin</c>...).</summary>
    public IHeaderDictionary Headers => _headers ?? InitializeHeaders();

    /// <summary>The query string, Engine.IO's own parameters (<c>EIO</c>, <c>transport</c>) included.</summary>
    public IQueryCollection Query => _queryCollection ?? InitializeQuery();

    /// <summary>The TCP peer's address (forwarded headers are not applied to a WebSocket accepted below the HTTP server).</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>The request's user; anonymous for a WebSocket accepted below the HTTP server, where no authentication ran.</summary>
    public ClaimsPrincipal User => _user ?? InitializeUser();

    /// <summary>The endpoint path the session was opened on, as mapped.</summary>
    public string Path { get; }

    /// <summary>Copies what the session needs from <paramref name="context"/>.</summary>
    public static EngineHandshake Capture(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;

        // References to the request's own strings: the request's header collection itself is the server's, reset
        // and reused after the request. Copied without an enumerator, which Kestrel would cache for the request.
        var requestHeaders = request.Headers;
        var headers = new KeyValuePair<string, StringValues>[requestHeaders.Count];
        requestHeaders.CopyTo(headers, 0);

        // A query some middleware parsed already is shared (a parsed query is never changed, only replaced);
        // otherwise the raw string is kept and parsed on first use, as HttpRequest.Query would parse it.
        var parsedQuery = context.Features.Get<IQueryFeature>()?.Query;

        // HttpContext.User would create an anonymous user (and a feature) that the request then keeps.
        var user = context.Features.Get<IHttpAuthenticationFeature>()?.User;
        return new EngineHandshake(headers, parsedQuery, parsedQuery is null ? request.QueryString.Value : null, RemoteAddressOf(context), user, request.Path.Value ?? "/");
    }

    /// <summary>The request's remote address, read from its feature (<see cref="HttpContext.Connection"/> creates an object the request keeps).</summary>
    internal static IPAddress? RemoteAddressOf(HttpContext context) => context.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress;

    private IHeaderDictionary InitializeHeaders()
    {
        var headers = _source is KeyValuePair<string, StringValues>[] pairs ? CreateHeaders(pairs) : ParseHeaders((byte[]?)_source);
        return Interlocked.CompareExchange(ref _headers, headers, null) ?? headers;
    }

    private static HeaderDictionary CreateHeaders(KeyValuePair<string, StringValues>[] pairs)
    {
        var headers = new HeaderDictionary(pairs.Length);
        foreach (var (name, value) in pairs)
        {
            headers[name] = value;
        }

        return headers;
    }

    private static HeaderDictionary ParseHeaders(byte[]? source)
    {
        var headers = new HeaderDictionary();
        var head = source.AsSpan();
        if (head.IsEmpty)
        {
            return headers;
        }

        var position = head.IndexOf("\r\n"u8) + 2;
        while (true)
        {
            var length = head[position..].IndexOf("\r\n"u8);
            if (length <= 0)
            {
                break;
            }

            // The fast path accepted only visible ASCII, so Latin-1 reads it exactly as Kestrel would.
            var line = head.Slice(position, length);
            var colon = line.IndexOf((byte)':');
            var name = Encoding.Latin1.GetString(line[..colon]);
            var value = Encoding.Latin1.GetString(line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t'));
            headers.Append(name, value);
            position += length + 2;
        }

        return headers;
    }

    private IQueryCollection InitializeQuery()
    {
        var text = _source is byte[] head ? Encoding.Latin1.GetString(head.AsSpan()[_query]) : _queryString;
        var query = new QueryCollection(QueryHelpers.ParseQuery(text));
        return Interlocked.CompareExchange(ref _queryCollection, query, null) ?? query;
    }

    private ClaimsPrincipal InitializeUser()
    {
        // What an HTTP request without authentication carries.
        var user = new ClaimsPrincipal(new ClaimsIdentity());
        return Interlocked.CompareExchange(ref _user, user, null) ?? user;
    }
}
