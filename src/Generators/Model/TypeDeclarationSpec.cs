namespace TypedSockets.Generators.Model;

/// <summary>Where a partial class lives: its C# namespace (null for the global one) and name.</summary>
internal sealed record TypeDeclarationSpec(string? Namespace, string Name, string FullyQualifiedName);
