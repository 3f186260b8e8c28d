using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// Acknowledges a hub method's outcome for generated dispatch code: at once, with no state machine, when the method
/// completed synchronously (the usual case), otherwise once it completes. A failure propagates to the dispatcher.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HubInvocation
{
    /// <summary>Acknowledges with no arguments once <paramref name="pending"/> completed.</summary>
    /// <param name="pending">The hub method's task.</param>
    /// <param name="incoming">The event to acknowledge.</param>
    public static ValueTask Ack(Task pending, in SocketIOEvent incoming)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (!pending.IsCompletedSuccessfully)
        {
            return AckAfterAsync(pending, incoming);
        }

        incoming.Ack();
        return ValueTask.CompletedTask;
    }

    /// <summary>Acknowledges with no arguments once <paramref name="pending"/> completed.</summary>
    /// <param name="pending">The hub method's task.</param>
    /// <param name="incoming">The event to acknowledge.</param>
    public static ValueTask Ack(ValueTask pending, in SocketIOEvent incoming)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            return AckAfterAsync(pending, incoming);
        }

        pending.GetAwaiter().GetResult();
        incoming.Ack();
        return ValueTask.CompletedTask;
    }

    /// <summary>Acknowledges with the result <paramref name="write"/> writes once <paramref name="pending"/> completed.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="pending">The hub method's task.</param>
    /// <param name="incoming">The event to acknowledge.</param>
    /// <param name="write">Writes the result as the ack's argument.</param>
    public static ValueTask Ack<T>(Task<T> pending, in SocketIOEvent incoming, WriteArguments<T> write)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (!pending.IsCompletedSuccessfully)
        {
            return AckAfterAsync(pending, incoming, write);
        }

        AckResult(incoming, pending.Result, write);
        return ValueTask.CompletedTask;
    }

    /// <summary>Acknowledges with the result <paramref name="write"/> writes once <paramref name="pending"/> completed.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="pending">The hub method's task.</param>
    /// <param name="incoming">The event to acknowledge.</param>
    /// <param name="write">Writes the result as the ack's argument.</param>
    public static ValueTask Ack<T>(ValueTask<T> pending, in SocketIOEvent incoming, WriteArguments<T> write)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            return AckAfterAsync(pending, incoming, write);
        }

        AckResult(incoming, pending.Result, write);
        return ValueTask.CompletedTask;
    }

    /// <summary>Acknowledges with a result; a result the writer refuses becomes a <see cref="HubResultException"/>.</summary>
    private static void AckResult<T>(in SocketIOEvent incoming, T result, WriteArguments<T> write)
    {
        try
        {
            incoming.Ack(result, write);
        }
        catch (Exception exception) when (exception is ArgumentException or System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            // Utf8JsonWriter throws ArgumentException for infinity and NaN, InvalidOperationException past its depth;
            // the serializer throws JsonException (cycles) and NotSupportedException.
            throw new HubResultException(exception);
        }
    }

    private static async ValueTask AckAfterAsync(Task pending, SocketIOEvent incoming)
    {
        await pending.ConfigureAwait(false);
        incoming.Ack();
    }

    private static async ValueTask AckAfterAsync(ValueTask pending, SocketIOEvent incoming)
    {
        await pending.ConfigureAwait(false);
        incoming.Ack();
    }

    private static async ValueTask AckAfterAsync<T>(Task<T> pending, SocketIOEvent incoming, WriteArguments<T> write)
    {
        var result = await pending.ConfigureAwait(false);
        AckResult(incoming, result, write);
    }

    private static async ValueTask AckAfterAsync<T>(ValueTask<T> pending, SocketIOEvent incoming, WriteArguments<T> write)
    {
        var result = await pending.ConfigureAwait(false);
        AckResult(incoming, result, write);
    }
}
