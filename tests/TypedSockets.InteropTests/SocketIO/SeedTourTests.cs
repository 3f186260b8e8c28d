using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// samples/SeedTour's contract (docs/samples.md) end to end: samples/SeedTour as a real process, driven by socket.io-client 4.8 scenarios
/// (tests/node/seedtour.mjs) in each transport mode. Each test gets its own server so counts are exact.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed partial class SeedTourTests
{
    /// <summary>socket.io-client's transport settings: its default (polling, then upgrade), and each transport alone.</summary>
    public static TheoryData<string> Modes => ["default", "websocket", "polling"];

    private static async Task<NodeScenarioResult> RunAsync(SampleProcess server, string scenario, string mode) =>
        await NodeScenario.RunAsync("seedtour.mjs", scenario, server.BaseUrl, mode);
}
