using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>Client to server for <see cref="StatelessHub"/>: synchronous, asynchronous and failing methods.</summary>
public interface IStatelessHub
{
    Task<int> Add(int a, int b);

    Task<string> WhoAmI();

    Task<int> Later(int value);

    ValueTask<bool> FailNow();

    Task<bool> FailLater();

    /// <summary>How many hub instances were created so far (all connections).</summary>
    Task<int> Created();
}

/// <summary>Server to client for <see cref="StatelessHub"/>.</summary>
public interface IStatelessClient
{
    Task Hello(string connectionId);
}

/// <summary>The generated typed client of <see cref="IStatelessHub"/>.</summary>
[TypedSockets.Client.TypedSocketsClient(typeof(IStatelessHub), typeof(IStatelessClient), Namespace = "/stateless")]
public sealed partial class StatelessHubClient;
