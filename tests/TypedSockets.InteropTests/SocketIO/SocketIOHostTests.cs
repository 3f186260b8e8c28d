namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// The low-level API and hosting (<c>AddTypedSockets</c>, <c>MapSocketIO</c>) against socket.io-client 4.8
/// (tests/node/socketio-features.mjs), in each transport mode.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed partial class SocketIOHostTests
{
    public static TheoryData<string> Modes => SeedTourTests.Modes;

    private static async Task<NodeScenarioResult> RunAsync(SocketIOTestHost host, string scenario, string mode)
    {
        try
        {
            return await NodeScenario.RunAsync("socketio-features.mjs", scenario, host.BaseUrl, mode);
        }
        catch (Exception exception) when (exception is Xunit.Sdk.XunitException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(exception.Message + "\nserver log:\n" + string.Join('\n', host.Logs.Lines.Select(l => $"{l.EventId}: {l.Message}")));
        }
    }
}
