namespace TypedSockets.Analyzers.Tests;

/// <summary>
/// The test classes that pack TypedSockets run one after the other: each pack builds the runtime, the generator and
/// the analyzers, and two at once on a small machine only make both slower.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackingCollection
{
    public const string Name = "Packing";
}
