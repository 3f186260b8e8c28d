using Microsoft.Extensions.DependencyInjection;

namespace TypedSockets.Hosting;

/// <summary>What <c>AddTypedSockets</c> returns: the place for extensions such as a backplane (<c>AddRedis</c>).</summary>
public sealed class TypedSocketsBuilder
{
    internal TypedSocketsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The application's services, where extensions register what they add.</summary>
    public IServiceCollection Services { get; }
}
