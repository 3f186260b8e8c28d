using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>One emit waiting for its acknowledgement: how the answer becomes its result, or how it fails.</summary>
internal interface IPendingAck
{
    /// <summary>The server's answer, over memory that is reused once this returns.</summary>
    void Complete(in EventArguments arguments);

    void Fail(Exception exception);
}

/// <summary>An emit whose result is the acknowledgement's arguments themselves, copied into memory of their own.</summary>
internal sealed class OwnedAck() : TaskCompletionSource<EventArguments>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingAck
{
    public void Complete(in EventArguments arguments) => TrySetResult(arguments.ToOwned());

    public void Fail(Exception exception) => TrySetException(exception);
}

/// <summary>
/// An emit whose result is read from the acknowledgement by <paramref name="read"/> on the receive loop: nothing of
/// the answer is copied but what the result keeps. The source itself is the waiting entry, one object per call.
/// </summary>
internal sealed class DecodedAck<TResult>(ReadAcknowledgement<TResult> read) : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingAck
{
    public void Complete(in EventArguments arguments)
    {
        TResult result;
        try
        {
            result = read(arguments);
        }
        catch (Exception exception)
        {
            TrySetException(exception);
            return;
        }

        TrySetResult(result);
    }

    public void Fail(Exception exception) => TrySetException(exception);
}
