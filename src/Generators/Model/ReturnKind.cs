namespace TypedSockets.Generators.Model;

/// <summary>The shape of a method's return type.</summary>
internal enum ReturnKind
{
    Void,
    Task,
    ValueTask,
    TaskOfT,
    ValueTaskOfT,
    Value,
}
