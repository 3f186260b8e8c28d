using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// The recipients a generated client proxy emits to: one socket, or a broadcast in one namespace. Each emit is
/// serialized once, whatever the number of recipients.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ClientTarget
{
    private readonly Socket? _socket;
    private readonly BroadcastOperator _broadcast;
    private readonly TimeSpan _resultTimeout;
    private readonly IClientEmitSink? _sink;

    internal ClientTarget(Socket socket, TimeSpan resultTimeout)
    {
        _socket = socket;
        _resultTimeout = resultTimeout;
    }

    internal ClientTarget(BroadcastOperator broadcast, TimeSpan resultTimeout)
    {
        _broadcast = broadcast;
        _resultTimeout = resultTimeout;
    }

    /// <summary>Recipients outside this process (an emitter): events only, no client results.</summary>
    /// <param name="sink">Publishes each emit.</param>
    public ClientTarget(IClientEmitSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>Emits an event; a recipient that is gone is skipped.</summary>
    public void Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        if (_socket is not null)
        {
            _socket.Emit(eventName, state, write);
        }
        else if (_sink is not null)
        {
            _sink.Emit(eventName, state, write);
        }
        else
        {
            _broadcast.Emit(eventName, state, write);
        }
    }

    /// <summary>
    /// Emits an event with an ack id and returns the answer. One socket: its acknowledgement. Several recipients:
    /// waits until each answered or left, at most the result timeout, and returns the first answer received. Throws
    /// <see cref="TimeoutException"/> when no answer came within the timeout (<see cref="HubOptions.ClientResultTimeout"/>
    /// or <see cref="HubClients{TClient}.WithTimeout"/>), <see cref="InvalidOperationException"/> when the broadcast
    /// reached nobody, <see cref="SocketDisconnectedException"/> when the one client went away.
    /// </summary>
    public async Task<EventArguments> InvokeAsync<TState>(string eventName, TState state, WriteArguments<TState> write, CancellationToken cancellationToken = default)
    {
        if (_sink is not null)
        {
            throw new NotSupportedException($"'{eventName}' expects an answer, but an emitter has no connection the answer could come back on; call it from a hub context on a server.");
        }

        if (_socket is not null)
        {
            return await _socket.EmitWithAckAsync(eventName, state, write, _resultTimeout, cancellationToken).ConfigureAwait(false);
        }

        var result = await _broadcast.EmitWithAckAsync(eventName, state, write, _resultTimeout, cancellationToken).ConfigureAwait(false);
        if (result.Responses.Count > 0)
        {
            return result.Responses[0].Arguments;
        }

        throw result.Recipients == 0
            ? new InvalidOperationException($"No client received '{eventName}', so none can answer it.")
            : new TimeoutException($"None of the {result.Recipients} client(s) that received '{eventName}' answered within {_resultTimeout.TotalMilliseconds:0} ms.");
    }
}
