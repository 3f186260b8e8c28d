using System.ComponentModel;
namespace TypedSockets.Hubs.Infrastructure;

/// <summary>A hub definition with the generated client proxy factory of its <typeparamref name="TClient"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IHubDefinition<TClient> : IHubDefinition
    where TClient : class
{
    /// <summary>A proxy that turns each call on <typeparamref name="TClient"/> into one emit to <paramref name="target"/>.</summary>
    static abstract TClient CreateClientProxy(ClientTarget target);
}
