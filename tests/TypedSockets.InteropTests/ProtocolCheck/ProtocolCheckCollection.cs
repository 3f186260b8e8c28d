namespace TypedSockets.Tests.ProtocolCheck;

/// <summary>
/// The ProtocolCheck process runs with a 300 ms heartbeat: its tests run one class at a time so a loaded
/// machine does not starve the peers' pongs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProtocolCheckCollection
{
    public const string Name = "ProtocolCheck";
}
