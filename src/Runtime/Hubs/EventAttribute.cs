namespace TypedSockets.Hubs;

/// <summary>
/// Gives a hub or client method an explicit wire name; without it the name is the method's name in camelCase.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class EventAttribute : Attribute
{
    /// <summary>Sends and receives the method as event <paramref name="name"/>.</summary>
    /// <param name="name">The wire name.</param>
    public EventAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The wire name of the event.</summary>
    public string Name { get; }
}
