namespace TypedSockets.Fuzzing;

/// <summary>A fuzz target found its parser breaking a promise (as opposed to an exception escaping it).</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message)
{
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }
}
