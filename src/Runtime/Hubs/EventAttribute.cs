namespace TypedSockets.Hubs;

/// <summary>
/// Gives a hub or client method an explicit wire name; without it the name is the method's name in camelCase.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class EventAttribute : Attribute
{
    public EventAttribute(string name)
    {
        Name = name;
    }

    public string Name { get; }
}
