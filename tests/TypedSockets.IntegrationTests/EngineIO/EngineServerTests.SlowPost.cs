using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Polling_post_cut_by_the_minimum_data_rate_gets_an_error_status_not_200()
    {
        // Kestrel's body rate check: 1.5 s of grace (the least it takes), then at least 100 bytes/s. The client announces 1000 bytes and
        // sends 3: Kestrel cuts the body, and the response must say so rather than end as "200 OK" with no "ok".
        await using var server = await EngineTestServer.StartAsync(kestrel: kestrel =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(1.5)));
        var sid = await server.OpenPollingAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();
        var head = $"POST /socket.io/?EIO=4&transport=polling&sid={sid} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 1000\r\n\r\n4ab";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = new StringBuilder();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (response.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        var status = response.ToString().Split(' ', 3)[1];
        Assert.Equal("408", status);
        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
    }
}
