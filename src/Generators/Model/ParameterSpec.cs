namespace TypedSockets.Generators.Model;

/// <summary>One parameter, with its type as declared (for signatures); a <c>CancellationToken</c> is not on the wire.</summary>
internal sealed record ParameterSpec(string Name, string DeclaredType, TypeSpec Type, bool IsCancellationToken, string? DefaultValue = null);
