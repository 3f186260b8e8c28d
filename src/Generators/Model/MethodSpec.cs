namespace TypedSockets.Generators.Model;

/// <summary>One event: the C# method (and the type that declares it) and its wire name.</summary>
internal sealed record MethodSpec(
    string DeclaringType,
    string Name,
    string WireName,
    ReturnKind ReturnKind,
    string ReturnTypeName,
    TypeSpec? Result,
    EquatableArray<ParameterSpec> Parameters,
    string? ViaInterface = null);
