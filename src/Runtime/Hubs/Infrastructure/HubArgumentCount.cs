using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>The argument count of a method with optional parameters, which a client may leave out from the end. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HubArgumentCount
{
    /// <summary>Fails unless there are between <paramref name="required"/> and <paramref name="total"/> arguments.</summary>
    /// <param name="arguments">The event's arguments.</param>
    /// <param name="required">The parameters without a default value.</param>
    /// <param name="total">All parameters on the wire.</param>
    public static void ExpectBetween(in EventArguments arguments, int required, int total)
    {
        if (arguments.Count < required || arguments.Count > total)
        {
            throw new HubArgumentException($"expected {required} to {total} argument(s), got {arguments.Count}");
        }
    }
}
