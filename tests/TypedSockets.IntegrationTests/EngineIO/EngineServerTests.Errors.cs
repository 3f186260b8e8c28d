using System.Net;
using System.Text;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Unknown_sid_is_refused_with_code_1()
    {
        await using var server = await EngineTestServer.StartAsync();

        await AssertUnknownSidAsync(server, "not-a-session");
        using var post = await server.PostAsync("not-a-session", "4x");
        await AssertErrorAsync(post, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }

    [Theory]
    [InlineData("socket.io/?EIO=4")]
    [InlineData("socket.io/?EIO=4&transport=abc")]
    [InlineData("socket.io/?EIO=4&transport=flashsocket")]
    public async Task Unknown_transport_is_refused_with_code_0(string path)
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await server.Client.GetAsync(path);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 0, "Transport unknown");
    }

    [Theory]
    [InlineData("socket.io/?transport=polling")]
    [InlineData("socket.io/?EIO=abc&transport=polling")]
    [InlineData("socket.io/?EIO=3&transport=polling")]
    public async Task Bad_protocol_version_is_refused_with_code_5(string path)
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await server.Client.GetAsync(path);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 5, "Unsupported protocol version");
        Assert.Equal(0, server.Server.SessionCount);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Handshake_with_another_method_than_get_is_refused_with_code_2(string method)
    {
        await using var server = await EngineTestServer.StartAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), "socket.io/?EIO=4&transport=polling")
        {
            Content = new StringContent("4x"),
        };
        using var response = await server.Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 2, "Bad handshake method");
        Assert.Equal(0, server.Server.SessionCount);
    }

    [Fact]
    public async Task Disabled_transport_is_unknown()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.Transports = TypedSockets.EngineIO.EngineTransports.WebSocket);

        using var response = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 0, "Transport unknown");
    }

    [Fact]
    public async Task Post_larger_than_max_payload_gets_413_and_closes_only_that_session()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.MaxPayload = 100);
        var sid = await server.OpenPollingAsync();
        var other = await server.OpenPollingAsync();

        using var response = await server.PostAsync(sid, "4" + new string('x', 100));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
        await AssertUnknownSidAsync(server, sid);
        await server.PushAsync(other, "4" + new string('y', 99));
        Assert.Equal("4" + new string('y', 99), await server.PollAsync(other));
    }

    [Fact]
    public async Task Chunked_post_larger_than_max_payload_gets_413()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.MaxPayload = 1000);
        var sid = await server.OpenPollingAsync();

        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("4" + new string('x', 5000))));
        using var request = new HttpRequestMessage(HttpMethod.Post, EngineTestServer.Url(sid)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("4ok\u001e")]
    [InlineData("9")]
    [InlineData("2")]
    [InlineData("b!!!")]
    public async Task Invalid_packet_gets_400_and_closes_only_that_session(string body)
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        var other = await server.OpenPollingAsync();

        using var response = await server.PostAsync(sid, body);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal("parse error", await server.Handler.Get(sid).WaitClosedAsync());
        await AssertUnknownSidAsync(server, sid);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2004);
        await server.PushAsync(other, "4still here");
        Assert.Equal("4still here", await server.PollAsync(other));
        Assert.Equal(1, server.Server.SessionCount);
    }

    [Fact]
    public async Task Invalid_utf8_gets_400()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        using var response = await server.Client.PostAsync(EngineTestServer.Url(sid), new ByteArrayContent([(byte)'4', 0xC3, 0x28]));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal("parse error", await server.Handler.Get(sid).WaitClosedAsync());
    }

    [Fact]
    public async Task Binary_request_body_is_refused()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();

        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await server.Client.PostAsync(EngineTestServer.Url(sid), content);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal("parse error", await server.Handler.Get(sid).WaitClosedAsync());
    }
}
