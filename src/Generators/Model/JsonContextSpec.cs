namespace TypedSockets.Generators.Model;

/// <summary>A JsonSerializerContext of the compilation and the types its <c>[JsonSerializable]</c> attributes name.</summary>
internal sealed record JsonContextSpec(string FullyQualifiedName, EquatableArray<string> Types);
