using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace TypedSockets.EngineIO;

/// <summary>
/// The parts of the HTTP request that opened an Engine.IO session, copied out of the request so they
/// outlive it (a long-polling handshake request ends long before the session does).
/// </summary>
/// <remarks>
/// A WebSocket accepted below the HTTP server (the fast path) keeps only the request head's bytes, and
/// its headers, query and user are built from them on first use: most sessions never read them, and
/// an idle connection should not pay for dictionaries it never looks at.
/// </remarks>
public sealed class EngineHandshake
{
    private readonly byte[]? _head;
    private readonly Range _query;
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
        _head = head;
        _query = query;
        RemoteAddress = remoteAddress;
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
        var headers = new HeaderDictionary();
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value;
        }

        return new EngineHandshake(
            headers,
            new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(context.Request.Query)),
            context.Connection.RemoteIpAddress,
            context.User,
            context.Request.Path.Value ?? "/");
    }

    private IHeaderDictionary InitializeHeaders()
    {
        var headers = new HeaderDictionary();
        var head = _head.AsSpan();
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

        return Interlocked.CompareExchange(ref _headers, headers, null) ?? headers;
    }

    private IQueryCollection InitializeQuery()
    {
        var query = new QueryCollection(QueryHelpers.ParseQuery(Encoding.Latin1.GetString(_head.AsSpan()[_query])));
        return Interlocked.CompareExchange(ref _queryCollection, query, null) ?? query;
    }

    private ClaimsPrincipal InitializeUser()
    {
        // What an HTTP request without authentication carries.
        var user = new ClaimsPrincipal(new ClaimsIdentity());
        return Interlocked.CompareExchange(ref _user, user, null) ?? user;
    }
}
