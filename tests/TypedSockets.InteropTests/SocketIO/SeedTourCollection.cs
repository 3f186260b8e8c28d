namespace TypedSockets.Tests.SocketIO;

/// <summary>SeedTour processes and node peers take both cores of the machine; these tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeedTourCollection
{
    public const string Name = "SeedTour";
}
