namespace TypedSockets.Hubs;

/// <summary>A filter registered for every hub (<see cref="Hub"/> null) or for one, in registration order.</summary>
internal sealed class HubFilterRegistration
{
    public HubFilterRegistration(Type? hub, Func<IServiceProvider, IHubFilter> resolve)
    {
        Hub = hub;
        Resolve = resolve;
    }

    /// <summary>The hub it applies to; null for all.</summary>
    public Type? Hub { get; }

    public Func<IServiceProvider, IHubFilter> Resolve { get; }

    /// <summary>The filters of <paramref name="hub"/>: the global ones in registration order, then its own.</summary>
    public static IHubFilter[] For(Type hub, IEnumerable<HubFilterRegistration> registrations, IServiceProvider services)
    {
        var global = new List<IHubFilter>();
        var own = new List<IHubFilter>();
        foreach (var registration in registrations)
        {
            if (registration.Hub is null)
            {
                global.Add(registration.Resolve(services));
            }
            else if (registration.Hub == hub)
            {
                own.Add(registration.Resolve(services));
            }
        }

        global.AddRange(own);
        return [.. global];
    }
}
