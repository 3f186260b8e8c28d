using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>
/// Turns the server's acknowledgement into the call's result while its arguments are still in the receive buffer
/// (<see cref="SocketIOClient.EmitWithAckAsync{TState, TResult}"/>): read what the result needs, copy nothing that
/// must outlive the call (the memory is reused once this returns). It runs on the client's receive loop, so it must be
/// short and must not block; an exception it throws fails the call.
/// </summary>
/// <typeparam name="TResult">The call's result.</typeparam>
/// <param name="arguments">The acknowledgement's arguments, valid only until this returns.</param>
public delegate TResult ReadAcknowledgement<out TResult>(in EventArguments arguments);
