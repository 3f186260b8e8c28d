using TypedSockets.Testing.Security;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    /// <summary>
    /// Over HTTPS, Chromium speaks HTTP/2 to SeedTour (Kestrel offers it there by default): the page and the polling
    /// requests are HTTP/2 requests, and socket.io-client's upgrade opens its WebSocket as an extended CONNECT on the same
    /// connection (tests/node/seedtour-http2-browser.mjs). A server that refuses it leaves the page on polling.
    /// </summary>
    [Fact]
    public async Task The_page_over_https_upgrades_to_a_websocket_over_http2()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"seedtour-{Guid.NewGuid():N}.pfx");
        TestCertificates.WritePfx(certificate);
        try
        {
            await using var server = await SampleProcess.StartAsync(
                "SeedTour",
                "--urls", "https://127.0.0.1:0",
                $"--Kestrel:Certificates:Default:Path={certificate}",
                "--Kestrel:Certificates:Default:Password=",
                // The HTTP server's request lines name each request's protocol and method.
                "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information");
            Assert.StartsWith("https://", server.BaseUrl, StringComparison.Ordinal);

            var result = await NodeScenario.RunAsync("seedtour-http2-browser.mjs", server.BaseUrl);

            var connected = result.Single("connected");
            Assert.Equal("h2", connected.GetProperty("pageProtocol").GetString());
            Assert.Equal("websocket", connected.GetProperty("transport").GetString());
            Assert.Equal("""["server received: over HTTP/2"]""", connected.GetProperty("log").GetRawText());
            Assert.Equal("[]", connected.GetProperty("pageErrors").GetRawText());
            await server.WaitForOutputAsync("Request starting HTTP/2 GET " + server.BaseUrl + "/socket.io/?EIO=4&transport=polling");
            await server.WaitForOutputAsync("Request starting HTTP/2 CONNECT " + server.BaseUrl + "/socket.io/?EIO=4&transport=websocket&sid=");
            await server.WaitForOutputAsync("A client sent us this dumb message: over HTTP/2");
        }
        finally
        {
            File.Delete(certificate);
        }
    }
}
