using TypedSockets.Client;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs.Contract;

/// <summary>
/// A contract using what compiles and must also run as declared: an explicit interface implementation, optional
/// parameters, a name given by [Event] on the contract, and a disposable hub.
/// </summary>
public interface IContractHub
{
    Task<string> Echo(string text);

    Task<string> Greet(string name, string greeting = "hello", int times = 1);

    [Event("post")]
    Task<int> Publish(string text);

    ValueTask<string?> Maybe(bool some);

    Task<int?> Twice(int? n, Guid? id = null);
}

public interface IContractClient
{
    Task Notice(string text);
}

[Hub("/contract")]
public sealed partial class ContractHub : Hub<IContractClient>, IContractHub, IDisposable
{
    Task<string> IContractHub.Echo(string text) => Task.FromResult("echo:" + text);

    public Task<string> Greet(string name, string greeting = "hello", int times = 1) =>
        Task.FromResult(string.Join(" ", Enumerable.Repeat(greeting, times)) + " " + name);

    public Task<int> Publish(string text) => Task.FromResult(text.Length);

    public ValueTask<string?> Maybe(bool some) => ValueTask.FromResult(some ? "some" : null);

    public Task<int?> Twice(int? n, Guid? id = null) => Task.FromResult(id is null ? n * 2 : -1);

    public override Task OnConnected()
    {
        // A handler of the socket's own: the hub does not know "custom", yet it is not an unknown event.
        Context.Socket.On("custom", static incoming =>
        {
            incoming.Ack(0, static (writer, _) => writer.Json.WriteStringValue("handled"));
            return ValueTask.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}

[TypedSocketsClient(typeof(IContractHub), typeof(IContractClient), Namespace = "/contract")]
public sealed partial class ContractClient;

public sealed class NoticeReceiver : IContractClient
{
    public Task Notice(string text) => Task.CompletedTask;
}

public sealed record Listed(string Text);

public sealed record Unlisted(string Text);

/// <summary>Lists one of the two types its hub uses (TSK2001 in a real build): only the events using the other fail.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Listed))]
public sealed partial class PartialJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

public interface IPartialJsonHub
{
    Task<Listed> Good(Listed value);

    Task<Unlisted> Bad(Unlisted value);
}

[Hub("/partial-json", JsonContext = typeof(PartialJsonContext))]
public sealed partial class PartialJsonHub : Hub<IContractClient>, IPartialJsonHub
{
    public Task<Listed> Good(Listed value) => Task.FromResult(value with { Text = value.Text + "!" });

    public Task<Unlisted> Bad(Unlisted value) => Task.FromResult(value);
}
