using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// WebSockets over HTTP/2 (RFC 8441's extended CONNECT) as .NET's own client speaks them: a <see cref="ClientWebSocket"/>
/// that asks for HTTP/2 only, over plain TCP to an endpoint that speaks nothing else (prior knowledge, as browsers reach
/// an HTTP/2 server over TLS). Sockets connected through one <see cref="CreateInvoker"/> share one HTTP/2 connection.
/// </summary>
internal static class Http2WebSockets
{
    /// <summary>Makes a Kestrel endpoint speak HTTP/2 only (prior knowledge over plain TCP).</summary>
    public static void Http2Only(ListenOptions listen) => listen.Protocols = HttpProtocols.Http2;

    /// <summary>One HTTP/2 connection per server for everything sent through it.</summary>
    public static HttpMessageInvoker CreateInvoker() => new(new SocketsHttpHandler { EnableMultipleHttp2Connections = false });

    /// <summary>An HTTP client that speaks HTTP/2 only.</summary>
    public static HttpClient CreateClient(Uri baseAddress) => new(new SocketsHttpHandler())
    {
        BaseAddress = baseAddress,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Makes a client WebSocket open with an extended CONNECT and nothing else.</summary>
    public static void Require(ClientWebSocketOptions options)
    {
        options.HttpVersion = HttpVersion.Version20;
        options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        options.CollectHttpResponseDetails = true;
    }

    /// <summary>
    /// A bare extended CONNECT for a WebSocket (no client library around it) with <paramref name="version"/> as its
    /// <c>Sec-WebSocket-Version</c>; once answered 200, its response stream carries both directions.
    /// </summary>
    public static HttpRequestMessage CreateExtendedConnect(Uri uri, string version)
    {
        var request = new HttpRequestMessage(HttpMethod.Connect, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Protocol = "websocket";
        request.Headers.Add("Sec-WebSocket-Version", version);
        return request;
    }

    /// <summary>A client WebSocket connected over HTTP/2 through <paramref name="invoker"/>.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken cancellationToken, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new ClientWebSocket();
        Require(client.Options);
        configure?.Invoke(client.Options);
        try
        {
            await client.ConnectAsync(uri, invoker, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
