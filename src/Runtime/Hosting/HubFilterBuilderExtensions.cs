using System.Diagnostics.CodeAnalysis;
using TypedSockets.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TypedSockets.Hubs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers hub filters (<see cref="IHubFilter"/>).</summary>
public static class HubFilterBuilderExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TFilter"/> (a DI singleton) around the methods, connects and disconnects of every hub.
    /// Global filters run outside hub-specific ones, each group in registration order (the first is the outermost).
    /// </summary>
    /// <typeparam name="TFilter">The filter.</typeparam>
    /// <param name="builder">What <c>AddTypedSockets</c> returned.</param>
    public static TypedSocketsBuilder AddHubFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this TypedSocketsBuilder builder)
        where TFilter : class, IHubFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TFilter>();
        builder.Services.AddSingleton(new HubFilterRegistration(null, static services => services.GetRequiredService<TFilter>()));
        return builder;
    }

    /// <summary>Adds <typeparamref name="TFilter"/> (a DI singleton) around the methods, connects and disconnects of <typeparamref name="THub"/> only.</summary>
    /// <typeparam name="THub">The hub.</typeparam>
    /// <typeparam name="TFilter">The filter.</typeparam>
    /// <param name="builder">What <c>AddTypedSockets</c> returned.</param>
    public static TypedSocketsBuilder AddHubFilter<THub, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this TypedSocketsBuilder builder)
        where TFilter : class, IHubFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TFilter>();
        builder.Services.AddSingleton(new HubFilterRegistration(typeof(THub), static services => services.GetRequiredService<TFilter>()));
        return builder;
    }
}
