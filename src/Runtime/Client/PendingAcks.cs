using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>
/// The client's emits waiting for the server's acknowledgement, by ack id. Ids count up from 0 for the client's
/// lifetime, as socket.io-client's do, so an answer that comes after its emit gave up finds nothing to complete.
/// </summary>
internal sealed class PendingAcks
{
    private readonly Dictionary<long, TaskCompletionSource<EventArguments>> _waiting = [];
    private long _lastId = -1;

    /// <summary>Registers an emit that wants an acknowledgement; returns its ack id.</summary>
    public long Add(out Task<EventArguments> answer)
    {
        var ackId = Interlocked.Increment(ref _lastId);
        var source = new TaskCompletionSource<EventArguments>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting)
        {
            _waiting[ackId] = source;
        }

        answer = source.Task;
        return ackId;
    }

    /// <summary>Completes the emit waiting for <paramref name="ackId"/> with the server's answer (owned memory); an unknown id is ignored.</summary>
    public void Complete(long ackId, EventArguments arguments)
    {
        TaskCompletionSource<EventArguments>? answer;
        lock (_waiting)
        {
            _waiting.Remove(ackId, out answer);
        }

        answer?.TrySetResult(arguments);
    }

    /// <summary>Forgets <paramref name="ackId"/> (its emit completed, timed out or was cancelled).</summary>
    public void Remove(long ackId)
    {
        lock (_waiting)
        {
            _waiting.Remove(ackId);
        }
    }

    /// <summary>Fails every waiting emit: the connection that carried them ended, so no answer can come.</summary>
    public void FailAll(string reason)
    {
        TaskCompletionSource<EventArguments>[] pending;
        lock (_waiting)
        {
            if (_waiting.Count == 0)
            {
                return;
            }

            pending = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var answer in pending)
        {
            answer.TrySetException(new SocketIOConnectException($"The connection ended ({reason}) before the server acknowledged."));
        }
    }
}
