namespace TypedSockets.Generators.Model;

/// <summary>What the parser made of one attributed class: a spec (null when it cannot be generated) and diagnostics.</summary>
internal sealed record ParseResult<TSpec>(TSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
    where TSpec : class;
