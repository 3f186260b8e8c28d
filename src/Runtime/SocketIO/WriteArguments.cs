namespace TypedSockets.SocketIO;

/// <summary>
/// Writes the arguments of an event or acknowledgement (the array elements after the event name) with
/// <paramref name="writer"/>. Called once per emit, however many recipients there are.
/// </summary>
public delegate void WriteArguments<TState>(ArgumentWriter writer, TState state)
    where TState : allows ref struct;
