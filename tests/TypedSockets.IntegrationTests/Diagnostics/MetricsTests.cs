using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.Client;
using TypedSockets.Hubs;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>
/// The <c>TypedSockets</c> meter seen by an in-process <see cref="MeterListener"/> while real clients (the typed C#
/// client, the untyped one, ClientWebSocket and plain HTTP long-polling) connect, send, fail and leave.
/// </summary>
public sealed class MetricsTests
{
    private const string Ns = "typedsockets.namespace";
    private const string Transport = "typedsockets.transport";
    private const string Telemetry = "/telemetry";

    [Fact]
    public async Task The_meter_follows_clients_that_connect_send_fail_and_leave()
    {
        await using var server = await TelemetryServer.StartAsync(telemetry => telemetry.IncludeEventNames = true);
        using var meter = new MeterRecorder(server.Services.GetRequiredService<IMeterFactory>());

        var receiver = new TelemetryReceiver();
        await using (var client = await TelemetryHubClient.ConnectAsync(server.BaseUri, receiver, TelemetryServer.ClientOptions()))
        await using (var raw = new SocketIOClient(server.BaseUri, Telemetry, TelemetryServer.ClientOptions(), static _ => ValueTask.CompletedTask))
        {
            await raw.ConnectAsync();
            Assert.Equal(2, meter.Current("typedsockets.server.active_connections", (Transport, "websocket")));
            Assert.Equal(0, meter.Current("typedsockets.server.active_connections", (Transport, "polling")));
            Assert.Equal(2, meter.Current("typedsockets.server.active_sockets", (Ns, Telemetry)));
            Assert.Equal(2, meter.Sum("typedsockets.server.connections.opened", (Transport, "websocket")));
            Assert.Equal(2, meter.Sum("typedsockets.server.sockets.connected", (Ns, Telemetry)));

            Assert.Equal(3, await client.Hub.Add(1, 2));
            await Assert.ThrowsAsync<HubException>(() => client.Hub.Boom());
            Assert.Equal("answer to q", await client.Hub.Ask());
            await client.Hub.Shout("hello");
            await raw.EmitWithAckAsync("add", 0, static (writer, _) =>
            {
                writer.Json.WriteStringValue("x");
                writer.Json.WriteStringValue("y");
            });
            await raw.EmitWithAckAsync("nope", 0, static (_, _) => { });

            await meter.Until(m => m.Count("typedsockets.server.handler.duration", (Ns, Telemetry)) == 6, "six handlers timed");
            Assert.Equal(2, meter.Sum("typedsockets.server.events.received", (Ns, Telemetry), ("typedsockets.event", "add")));
            Assert.Equal(6, meter.Sum("typedsockets.server.events.received", (Ns, Telemetry)));
            Assert.Equal(1, meter.Sum("typedsockets.server.errors", ("error.type", "handler_exception"), (Ns, Telemetry)));
            Assert.Equal(1, meter.Sum("typedsockets.server.errors", ("error.type", "argument_error"), (Ns, Telemetry)));
            Assert.Equal(1, meter.Sum("typedsockets.server.errors", ("error.type", "unknown_event"), (Ns, Telemetry)));
            var ack = Assert.Single(meter.Values("typedsockets.server.ack.duration", (Ns, Telemetry)));
            Assert.InRange(ack, 0, 5);
            Assert.All(meter.Values("typedsockets.server.handler.duration"), static seconds => Assert.InRange(seconds, 0, 5));

            // The question (one emit) and the shout (a broadcast to the one other socket).
            Assert.Equal(2, meter.Sum("typedsockets.server.events.sent", (Ns, Telemetry)));
            Assert.True(meter.Sum("typedsockets.server.bytes.received", (Transport, "websocket")) > 60);
            Assert.True(meter.Sum("typedsockets.server.bytes.sent", (Transport, "websocket")) > 60);
        }

        // A packet that is not Socket.IO: that connection closes with "parse error".
        using (var bad = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri()))
        {
            await bad.ReceiveTextAsync();
            await bad.SendTextAsync("49");
            await bad.ReceiveCloseAsync();
        }

        await meter.Until(m => m.Current("typedsockets.server.active_connections", (Transport, "websocket")) == 0, "every connection closed");
        Assert.Equal(1, meter.Sum("typedsockets.server.errors", ("error.type", "bad_packet")));
        // The router closes the session itself (Engine.IO's "forced close"); its sockets would end with "parse error".
        Assert.Equal(1, meter.Sum("typedsockets.server.connections.closed", (Transport, "websocket"), ("typedsockets.close_reason", "forced close")));
        Assert.Equal(2, meter.Sum("typedsockets.server.connections.closed", (Transport, "websocket"), ("typedsockets.close_reason", "transport close")));
        Assert.Equal(3, meter.Count("typedsockets.server.connection.duration", (Transport, "websocket")));
        Assert.Equal(0, meter.Current("typedsockets.server.active_sockets", (Ns, Telemetry)));
        Assert.Equal(2, meter.Sum("typedsockets.server.sockets.disconnected", (Ns, Telemetry), ("typedsockets.close_reason", "client namespace disconnect")));
    }

    [Fact]
    public async Task The_meter_counts_polling_upgrades_and_the_limits_that_close_a_connection()
    {
        await using var server = await TelemetryServer.StartAsync();
        using var meter = new MeterRecorder(server.Services.GetRequiredService<IMeterFactory>());
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        // Long-polling, then the upgrade to WebSocket.
        var upgraded = await OpenPollingAsync(http);
        Assert.Equal(1, meter.Current("typedsockets.server.active_connections", (Transport, "polling")));
        Assert.Equal(1, meter.Sum("typedsockets.server.connections.opened", (Transport, "polling")));
        using var socket = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri("&sid=" + upgraded));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");
        await meter.Until(m => m.Sum("typedsockets.server.upgrades", (Transport, "websocket")) == 1, "the upgrade");
        Assert.Equal(1, meter.Current("typedsockets.server.active_connections", (Transport, "websocket")));
        Assert.Equal(0, meter.Current("typedsockets.server.active_connections", (Transport, "polling")));

        // A body past maxPayload.
        var tooLarge = await OpenPollingAsync(http);
        using (var response = await http.PostAsync(PollingPath(tooLarge), new StringContent(new string('4', 5_000))))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        Assert.Equal(1, meter.Sum("typedsockets.server.limit_closes", ("typedsockets.limit", "max_payload")));

        // A slow consumer: a polling client in the namespace that never polls, while another shouts at it.
        var slow = await OpenPollingAsync(http);
        using (var response = await http.PostAsync(PollingPath(slow), new StringContent("40/telemetry,")))
        {
            response.EnsureSuccessStatusCode();
        }

        await meter.Until(m => m.Current("typedsockets.server.active_sockets", (Ns, Telemetry)) == 1, "the slow socket connected");
        await using (var client = await TelemetryHubClient.ConnectAsync(server.BaseUri, new TelemetryReceiver(), TelemetryServer.ClientOptions()))
        {
            var text = new string('x', 3_000);
            for (var i = 0; i < 3; i++)
            {
                await client.Hub.Shout(text);
            }

            await meter.Until(m => m.Sum("typedsockets.server.limit_closes", ("typedsockets.limit", "outbound_queue")) == 1, "the slow consumer's close");
        }

        Assert.Equal(1, meter.Sum("typedsockets.server.connections.closed", (Transport, "polling"), ("typedsockets.close_reason", "outbound queue full")));
    }

    private static string PollingPath(string sid) => "/socket.io/?EIO=4&transport=polling&sid=" + sid;

    /// <summary>An Engine.IO handshake over long-polling; returns the session id.</summary>
    private static async Task<string> OpenPollingAsync(HttpClient http)
    {
        var open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        const string marker = "\"sid\":\"";
        var start = open.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return open[start..open.IndexOf('"', start)];
    }
}
