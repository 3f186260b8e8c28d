namespace TypedSockets.Generators.Model;

/// <summary>A hub constructor parameter, resolved from the invocation's services.</summary>
internal sealed record ServiceSpec(string FullyQualifiedName, bool IsOptional);
