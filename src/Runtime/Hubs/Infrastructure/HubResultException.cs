namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// A hub method's result that could not be written as JSON (a double that overflowed to infinity, a cycle, a
/// nesting deeper than the writer allows). The input that led to it is the client's, so the dispatcher treats it as
/// a client-caused failure: a rate-limited warning without a stack, not an error.
/// </summary>
internal sealed class HubResultException(Exception innerException)
    : Exception("the result could not be written as JSON", innerException);
