using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Client;
using TypedSockets.Client.Transports;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.Client;

/// <summary>
/// The client's batching sender (<see cref="PacketSender"/>) on a client-role WebSocket over a real TCP connection on
/// 127.0.0.1, read by a server-role WebSocket on the other end: packets sent together share writes and arrive whole
/// and in order, attachments right behind their packet; a failed write fails every sender waiting for its batch and
/// aborts the transport; a detached sender drops what was pending.
/// </summary>
public sealed class PacketSenderTests
{
    [Fact]
    public async Task Packets_sent_together_share_writes_and_arrive_in_order_with_their_attachments()
    {
        await using var pair = await SocketPair.ConnectAsync();
        var sender = new PacketSender();
        sender.Attach(pair.Client);

        const int Count = 200;
        var waits = new List<Task>();
        for (var i = 0; i < Count; i++)
        {
            // Every tenth packet carries a binary attachment, which must follow it with nothing in between.
            var packet = i % 10 == 0
                ? SocketIOPacketWriter.WriteEvent([], -1, "e", i, static (w, n) => { w.Json.WriteNumberValue(n); w.WriteBinary(new[] { (byte)n }); })
                : SocketIOPacketWriter.WriteEvent([], -1, "e", i, static (w, n) => w.Json.WriteNumberValue(n));
            waits.Add(sender.SendAndWaitAsync(packet));
        }

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < Count; i++)
        {
            var text = await pair.Server.ReceiveAsync();
            Assert.Equal(WebSocketMessageKind.Text, text.Kind);
            var expected = i % 10 == 0 ? $"451-[\"e\",{i},{{\"_placeholder\":true,\"num\":0}}]" : $"42[\"e\",{i}]";
            Assert.Equal(expected, Encoding.UTF8.GetString(text.Payload.Span));
            if (i % 10 == 0)
            {
                var attachment = await pair.Server.ReceiveAsync();
                Assert.Equal(WebSocketMessageKind.Binary, attachment.Kind);
                Assert.Equal([(byte)i], attachment.Payload.ToArray());
            }
        }

        // Queued in one burst, the packets went out in far fewer writes than packets.
        Assert.InRange(pair.Writes, 1, Count / 4);
    }

    [Fact]
    public async Task A_failed_write_fails_every_sender_waiting_for_its_batch_and_aborts_the_transport()
    {
        await using var pair = await SocketPair.ConnectAsync();
        var sender = new PacketSender();
        sender.Attach(pair.Client);
        Assert.Null(await SendOneAsync(sender, 0).WaitAsync(TimeSpan.FromSeconds(10)));

        // Our side of the TCP connection can no longer send: the next write fails with a broken pipe.
        pair.ShutdownClientSend();
        var waits = Enumerable.Range(1, 20).Select(i => SendOneAsync(sender, i)).ToArray();

        var failures = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(failures, failure => Assert.IsAssignableFrom<IOException>(failure));
        Assert.True(pair.ClientConnection.Closed.IsCancellationRequested, "the transport was aborted");

        // Later sends fail at once, without a write to the aborted transport, until the client attaches the next connection.
        var writes = pair.Writes;
        var later = sender.SendAndWaitAsync(SocketIOPacketWriter.WriteEvent([], -1, "e", 21, static (w, value) => w.Json.WriteNumberValue(value)));
        Assert.True(later.IsFaulted, "a send after the failed write fails at once");
        Assert.IsAssignableFrom<IOException>(later.Exception!.InnerException);
        Assert.False(sender.Send(SocketIOPacketWriter.WriteEvent([], -1, "e", 22, static (w, value) => w.Json.WriteNumberValue(value))));
        Assert.Equal(writes, pair.Writes);
    }

    [Fact]
    public async Task Detaching_drops_what_is_pending_and_fails_sends_until_the_next_attach()
    {
        await using var pair = await SocketPair.ConnectAsync();
        var sender = new PacketSender();

        // Never attached: a send fails at once and its packet is released, not kept.
        Assert.False(sender.Send(SocketIOPacketWriter.WriteEvent([], -1, "e", 0, static (w, n) => w.Json.WriteNumberValue(n))));
        Assert.IsAssignableFrom<IOException>(await SendOneAsync(sender, 0));

        sender.Attach(pair.Client);
        Assert.Null(await SendOneAsync(sender, 1).WaitAsync(TimeSpan.FromSeconds(10)));
        var message = await pair.Server.ReceiveAsync();
        Assert.Equal("42[\"e\",1]", Encoding.UTF8.GetString(message.Payload.Span));

        sender.Detach();
        Assert.IsAssignableFrom<IOException>(await SendOneAsync(sender, 2));
    }

    /// <summary>Sends event <c>e</c> with <paramref name="n"/> and waits for its write: null when written, else the failure.</summary>
    private static async Task<Exception?> SendOneAsync(PacketSender sender, int n)
    {
        try
        {
            await sender.SendAndWaitAsync(SocketIOPacketWriter.WriteEvent([], -1, "e", n, static (w, value) => w.Json.WriteNumberValue(value)));
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>A client-role WebSocket (as the client's transport) and a server-role one over a real loopback TCP connection; counts the client's writes.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly Socket _clientSocket;
        private readonly CountingStream _clientStream;

        private SocketPair(Socket clientSocket, CountingStream clientStream, WebSocketConnection client, WebSocketConnection server)
        {
            _clientSocket = clientSocket;
            _clientStream = clientStream;
            ClientConnection = client;
            Client = new WebSocketClientTransport(client);
            Server = server;
        }

        public WebSocketConnection ClientConnection { get; }

        public ClientTransport Client { get; }

        public WebSocketConnection Server { get; }

        public int Writes => _clientStream.Writes;

        public static async Task<SocketPair> ConnectAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var clientSocket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var accept = listener.AcceptSocketAsync();
            await clientSocket.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var serverSocket = await accept;
            var clientStream = new CountingStream(new NetworkStream(clientSocket, ownsSocket: true));
            var client = WebSocketConnection.CreateFromStream(clientStream, isServer: false, new WebSocketClientOptions(), NullLogger.Instance);
            var server = WebSocketConnection.CreateFromStream(new NetworkStream(serverSocket, ownsSocket: true), isServer: true, new WebSocketServerOptions(), NullLogger.Instance);
            return new SocketPair(clientSocket, clientStream, client, server);
        }

        public void ShutdownClientSend() => _clientSocket.Shutdown(SocketShutdown.Send);

        public async ValueTask DisposeAsync()
        {
            ClientConnection.Abort();
            Server.Abort();
            await ClientConnection.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    /// <summary>The client's real network stream, counting the writes that reach it (each one system call).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref _writes);
            inner.Write(buffer, offset, count);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
