namespace TypedSockets.Generators.Model;

/// <summary>The shape of a method's return type: one of the task types the contract rules allow.</summary>
internal enum ReturnKind
{
    Task,
    ValueTask,
    TaskOfT,
    ValueTaskOfT,
}
