using System.Text.Json;
using Microsoft.Extensions.Logging;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>The hub the compile-and-run tests serve; built by the generator referenced as an analyzer.</summary>
[Hub("/test", JsonContext = typeof(TestJsonContext))]
public sealed partial class TestHub : Hub<ITestClient>, ITestHub
{
    private readonly InvocationCounter _counter;
    private readonly ILogger<TestHub> _logger;

    public TestHub(InvocationCounter counter, ILogger<TestHub> logger)
    {
        _counter = counter;
        _logger = logger;
    }

    public override Task OnConnected()
    {
        _counter.Increment();
        using var auth = JsonDocument.Parse(Context.Auth);
        return Clients.Caller.Welcome(Context.ConnectionId, auth.RootElement.Clone());
    }

    public override Task OnDisconnected(string reason)
    {
        _counter.Disconnected(reason);
        return Task.CompletedTask;
    }

    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public Task<Receipt> Post(Note note) => Task.FromResult(new Receipt(note.Text.ToUpperInvariant(), note.Text.Length));

    public Task Shout(string text) => Clients.Others.Notice(new Note(text, 1));

    public async Task<bool> JoinRoom(string room)
    {
        await Groups.Add(room);
        return true;
    }

    public Task ToRoom(string room, string text) => Clients.Room(room).RoomMessage(room, text);

    public Task<byte[]> Echo(byte[] data) => Task.FromResult(data);

    public async Task<string> AskCaller(string question) => "client said " + await Clients.Caller.Question(question);

    public async Task<string> AskRoom(string room, string question) =>
        "first answer: " + await Clients.WithTimeout(TimeSpan.FromMilliseconds(500)).OthersInRoom(room).Question(question);

    public Task<string> WhoAmI() => Task.FromResult(Context.ConnectionId + " " + Context.Namespace);

    public Task<RawJson> Relay(RawJson value) => Task.FromResult(value);

    public Task<bool> Fail()
    {
        _logger.LogInformation("Failing on purpose");
        throw new InvalidOperationException("secret detail");
    }

    public Task Drop()
    {
        // The Engine.IO session alone, with no Socket.IO DISCONNECT: what the client sees when the network fails.
        Context.Socket.Connection.Session.Close(TypedSockets.SocketIO.DisconnectReasons.ForcedServerClose);
        return Task.CompletedTask;
    }

    public async Task<bool> WaitForDisconnect(CancellationToken cancellationToken)
    {
        // Never completes by itself: the method ends only when the caller disconnects (a wait for a signal, not a sleep).
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return true;
    }
}
