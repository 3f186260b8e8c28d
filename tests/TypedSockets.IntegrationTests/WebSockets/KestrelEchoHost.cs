using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// ASP.NET Core's own WebSocket server (<c>UseWebSockets</c>) as an independent peer for our client,
/// over HTTP and HTTPS (<see cref="TlsPort"/>): <c>/echo</c> echoes and obeys text commands:
/// <c>fragment</c> answers in three fragments, <c>close:CODE</c> closes with that code and reason "bye".
/// The client's close status is recorded in <see cref="LastCloseStatus"/>. It pings every 100 ms and
/// aborts a client that does not answer within 1 s.
/// </summary>
public sealed class KestrelEchoHost : IAsyncLifetime
{
    private WebApplication? _app;

    public int Port { get; private set; }

    /// <summary>The same endpoint over TLS, with a self-signed certificate for <c>localhost</c>.</summary>
    public int TlsPort { get; private set; }

    /// <summary>The close status and description of the last client close the server received.</summary>
    public (WebSocketCloseStatus? Status, string? Description) LastCloseStatus { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(CreateCertificate()));
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", EchoAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(address => new Uri(address)).ToList();
        Port = addresses.First(address => address.Scheme == "http").Port;
        TlsPort = addresses.First(address => address.Scheme == "https").Port;
        _app = app;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    internal static X509Certificate2 CreateCertificate() => TypedSockets.Testing.Security.TestCertificates.Create();

    private async Task EchoAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(100),
            KeepAliveTimeout = TimeSpan.FromSeconds(1),
        });
        var buffer = new byte[2 * 1024 * 1024];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(count), context.RequestAborted);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                LastCloseStatus = (socket.CloseStatus, socket.CloseStatusDescription);
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                return;
            }

            var text = result.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(buffer, 0, count) : null;
            if (text == "fragment")
            {
                await socket.SendAsync("frag"u8.ToArray(), WebSocketMessageType.Text, false, context.RequestAborted);
                await socket.SendAsync("ment"u8.ToArray(), WebSocketMessageType.Text, false, context.RequestAborted);
                await socket.SendAsync("ed!"u8.ToArray(), WebSocketMessageType.Text, true, context.RequestAborted);
            }
            else if (text is not null && text.StartsWith("close:", StringComparison.Ordinal))
            {
                await socket.CloseAsync((WebSocketCloseStatus)int.Parse(text[6..]), "bye", context.RequestAborted);
                return;
            }
            else
            {
                await socket.SendAsync(buffer.AsMemory(0, count), result.MessageType, true, context.RequestAborted);
            }
        }
    }
}
