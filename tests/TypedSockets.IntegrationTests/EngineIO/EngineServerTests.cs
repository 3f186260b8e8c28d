using System.Net;
using System.Text.Json;

namespace TypedSockets.Tests.EngineIO;

/// <summary>Raw Engine.IO v4 protocol tests against <c>EngineServer</c> on Kestrel, split by feature.</summary>
public sealed partial class EngineServerTests
{
    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, json.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(message, json.RootElement.GetProperty("message").GetString());
    }

    private static async Task AssertUnknownSidAsync(EngineTestServer server, string sid)
    {
        using var response = await server.GetAsync(sid);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }
}
