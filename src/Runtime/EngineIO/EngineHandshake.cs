using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace TypedSockets.EngineIO;

/// <summary>
/// The parts of the HTTP request that opened an Engine.IO session, copied out of the request so they
/// outlive it (a long-polling handshake request ends long before the session does).
/// </summary>
public sealed class EngineHandshake
{
    public EngineHandshake(IHeaderDictionary headers, IQueryCollection query, IPAddress? remoteAddress, ClaimsPrincipal user, string path)
    {
        Headers = headers;
        Query = query;
        RemoteAddress = remoteAddress;
        User = user;
        Path = path;
    }

    public IHeaderDictionary Headers { get; }

    public IQueryCollection Query { get; }

    public IPAddress? RemoteAddress { get; }

    public ClaimsPrincipal User { get; }

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
}
