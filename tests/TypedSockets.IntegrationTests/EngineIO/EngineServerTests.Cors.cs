using System.Net;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    private const string AllowedOrigin = "http://allowed.example";

    [Fact]
    public async Task Cors_allowed_origin_is_echoed_without_credentials_by_default()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.AllowedOrigins.Add(AllowedOrigin));

        using var response = await SendWithOriginAsync(server, HttpMethod.Get, AllowedOrigin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Cors_credentials_only_when_configured()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.AllowedOrigins.Add(AllowedOrigin);
            options.AllowCredentials = true;
        });

        using var response = await SendWithOriginAsync(server, HttpMethod.Get, AllowedOrigin);

        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
    }

    [Fact]
    public async Task Cors_disallowed_origin_gets_403_forbidden()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.AllowedOrigins.Add(AllowedOrigin));

        using var response = await SendWithOriginAsync(server, HttpMethod.Get, "http://evil.example");

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, 4, "Forbidden");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(0, server.Server.SessionCount);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2009);
    }

    [Fact]
    public async Task Cors_no_cross_origin_access_by_default_but_same_origin_and_no_origin_work()
    {
        await using var server = await EngineTestServer.StartAsync();

        using var foreign = await SendWithOriginAsync(server, HttpMethod.Get, AllowedOrigin);
        using var same = await SendWithOriginAsync(server, HttpMethod.Get, server.BaseUri.GetLeftPart(UriPartial.Authority));
        using var none = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.False(same.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
    }

    [Fact]
    public async Task Cors_preflight_is_answered_204()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.AllowedOrigins.Add("*"));

        using var request = new HttpRequestMessage(HttpMethod.Options, "socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "http://any.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://any.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Equal("content-type", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Equal(0, server.Server.SessionCount);
    }

    private static Task<HttpResponseMessage> SendWithOriginAsync(EngineTestServer server, HttpMethod method, string origin)
    {
        var request = new HttpRequestMessage(method, "socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", origin);
        return server.Client.SendAsync(request);
    }
}
