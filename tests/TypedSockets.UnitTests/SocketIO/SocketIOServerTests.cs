using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// The Socket.IO layer alone, fed the exact packet texts of the specification through the Engine.IO seam.
/// End-to-end behaviour with the real socket.io-client is proven in <c>SeedTourTests</c>.
/// </summary>
public sealed partial class SocketIOServerTests
{
    private static SocketIOServer NewServer(Action<SocketIOOptions>? configure = null, ILoggerProvider? logs = null, TimeProvider? time = null)
    {
        var options = new SocketIOOptions();
        configure?.Invoke(options);
        ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
        if (logs is not null)
        {
            loggerFactory = new LoggerFactory([logs]);
        }

        return new SocketIOServer(options, loggerFactory, time ?? TimeProvider.System);
    }

    private static async Task<TestEngineSession> OpenAsync(SocketIOServer server)
    {
        var session = new TestEngineSession();
        session.Handler = ((IEngineSessionAcceptor)server).OnOpen(session);
        return session;
    }

    private static ValueTask SendAsync(SocketIOServer server, TestEngineSession session, string packet) =>
        session.Handler!.OnMessageAsync(Encoding.UTF8.GetBytes(packet), isBinary: false);

    private static ValueTask SendBinaryAsync(SocketIOServer server, TestEngineSession session, byte[] attachment) =>
        session.Handler!.OnMessageAsync(attachment, isBinary: true);

    /// <summary>Connects to <paramref name="nsp"/> and returns the socket id from the CONNECT answer.</summary>
    private static async Task<string> ConnectAsync(SocketIOServer server, TestEngineSession session, string nsp = "/", string auth = "")
    {
        var prefix = nsp == "/" ? string.Empty : nsp + ",";
        await SendAsync(server, session, "0" + prefix + auth);
        var answer = await session.NextAsync();
        var match = Regex.Match(answer, "^0" + Regex.Escape(prefix) + "\\{\"sid\":\"([A-Za-z0-9_-]{20})\"\\}$");
        Assert.True(match.Success, answer);
        return match.Groups[1].Value;
    }

    /// <summary>Opens a session connected to the main namespace and returns it with the server's socket for it.</summary>
    private static async Task<(TestEngineSession Session, Socket Socket)> ConnectSocketAsync(SocketIOServer server)
    {
        var socketReady = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Of("/").OnConnection(socket =>
        {
            socketReady.TrySetResult(socket);
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        return (session, await socketReady.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>
    /// Opens <paramref name="count"/> sink sessions connected to the main namespace; the first
    /// <paramref name="roomSize"/> sockets join <paramref name="room"/>.
    /// </summary>
    private static async Task<SinkEngineSession[]> ConnectSinkSessionsAsync(SocketIOServer server, int count, string room, int roomSize)
    {
        var connected = new ConcurrentQueue<Socket>();
        server.Of("/").OnConnection(socket =>
        {
            connected.Enqueue(socket);
            return ValueTask.CompletedTask;
        });
        var sessions = new SinkEngineSession[count];
        for (var i = 0; i < sessions.Length; i++)
        {
            sessions[i] = new SinkEngineSession();
            sessions[i].Handler = ((IEngineSessionAcceptor)server).OnOpen(sessions[i]);
            await sessions[i].Handler!.OnMessageAsync("0"u8.ToArray(), isBinary: false);
        }

        await WaitUntilAsync(() => connected.Count == sessions.Length);
        foreach (var socket in connected.Take(roomSize))
        {
            socket.Join(room);
        }

        return sessions;
    }

    /// <summary>Bytes <paramref name="action"/> allocates on this thread (run it once before, to warm up).</summary>
    /// <summary>The least of a few runs: a pool that grows once is not a cost of every call, a per-call allocation shows in each.</summary>
    private static long BytesAllocatedBy(Action action)
    {
        var least = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    private static string Text(ReadOnlyMemory<byte> json) => Encoding.UTF8.GetString(json.Span);
}
