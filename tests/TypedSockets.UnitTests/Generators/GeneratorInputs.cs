namespace TypedSockets.Tests.Generators;

/// <summary>Representative inputs of the generator tests.</summary>
internal static class GeneratorInputs
{
    public const string Contracts = """
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedSockets.Hubs;

        namespace Chat;

        public sealed record Message(string Text);

        public interface IChatHub
        {
            Task Send(Message message);
            Task<bool> Join(string room);
            Task<int> Add(int a, int b);
            [Event("echo bytes")] Task<byte[]> Echo(byte[] data, CancellationToken cancellationToken);
            ValueTask<Message?> Last(string? room);
        }

        public interface IChatClient
        {
            Task Receive(Message message);
            [Event("some event")] Task SomeEvent(string room, JsonElement payload);
            Task<string> Ask(string question);
        }

        [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
        [JsonSerializable(typeof(Message))]
        public sealed partial class ChatJsonContext : JsonSerializerContext;
        """;

    public const string Hub = """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using TypedSockets.Hubs;

        namespace Chat;

        [Hub("/chat", JsonContext = typeof(ChatJsonContext))]
        public sealed partial class ChatHub : Hub<IChatClient>, IChatHub
        {
            public ChatHub(ILogger<ChatHub> logger) { }
            public Task Send(Message message) => Clients.Others.Receive(message);
            public Task<bool> Join(string room) => Task.FromResult(true);
            public Task<int> Add(int a, int b) => Task.FromResult(a + b);
            public Task<byte[]> Echo(byte[] data, CancellationToken cancellationToken) => Task.FromResult(data);
            public ValueTask<Message?> Last(string? room) => default;
        }
        """;

    public const string Client = """
        using TypedSockets.Client;

        namespace Chat.Client;

        [TypedSocketsClient(typeof(Chat.IChatHub), typeof(Chat.IChatClient), Namespace = "/chat", JsonContext = typeof(Chat.ChatJsonContext))]
        public sealed partial class ChatClient;
        """;

    public const string PrimitivesOnlyHub = """
        using System.Threading.Tasks;
        using TypedSockets.Hubs;

        public interface IPingClient { Task Pong(long at); }

        public interface IPingHub
        {
            Task<long> Ping(long at);
            [Event("with-space name")] Task Fire(string text, double value, bool flag);
        }

        [Hub]
        public partial class PingHub : Hub<IPingClient>, IPingHub
        {
            public Task<long> Ping(long at) => Task.FromResult(at);
            public Task Fire(string text, double value, bool flag) => Task.CompletedTask;
        }
        """;
}
