using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// Recipients a generated client proxy emits to that are not sockets of this process: an emitter publishing to the
/// servers of a cluster from a worker or console app. Such recipients cannot answer, so client results
/// (<c>Task&lt;T&gt;</c> methods) are refused.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IClientEmitSink
{
    /// <summary>Emits an event with the arguments <paramref name="write"/> writes.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="state">What <paramref name="write"/> reads the arguments from.</param>
    /// <param name="write">Writes the arguments.</param>
    void Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct;
}
