using TypedSockets.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TypedSockets.Hubs;
using TypedSockets.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers connection authenticators of typed hubs.</summary>
public static class HubAuthenticationBuilderExtensions
{
    /// <summary>
    /// Decides on every connection to <typeparamref name="THub"/> before its <c>OnConnected</c> with
    /// <paramref name="authenticate"/>: null accepts, a <see cref="ConnectError"/> refuses (the client's
    /// <c>connect_error</c>). It may set <see cref="HubConnectingContext.User"/> and <see cref="HubConnectingContext.Items"/>.
    /// </summary>
    /// <typeparam name="THub">The hub.</typeparam>
    /// <param name="builder">What <c>AddTypedSockets</c> returned.</param>
    /// <param name="authenticate">The decision.</param>
    public static TypedSocketsBuilder AddConnectionAuthenticator<THub>(this TypedSocketsBuilder builder, Func<HubConnectingContext, ValueTask<ConnectError?>> authenticate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(authenticate);
        builder.Services.Replace(ServiceDescriptor.Singleton<IHubConnectionAuthenticator<THub>>(new DelegateAuthenticator<THub>(authenticate)));
        return builder;
    }

    /// <summary>Decides on every connection to <typeparamref name="THub"/> with <typeparamref name="TAuthenticator"/>, a singleton from DI.</summary>
    /// <typeparam name="THub">The hub.</typeparam>
    /// <typeparam name="TAuthenticator">The authenticator.</typeparam>
    /// <param name="builder">What <c>AddTypedSockets</c> returned.</param>
    public static TypedSocketsBuilder AddConnectionAuthenticator<THub, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TAuthenticator>(this TypedSocketsBuilder builder)
        where TAuthenticator : class, IHubConnectionAuthenticator<THub>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IHubConnectionAuthenticator<THub>, TAuthenticator>());
        return builder;
    }

    private sealed class DelegateAuthenticator<THub>(Func<HubConnectingContext, ValueTask<ConnectError?>> authenticate) : IHubConnectionAuthenticator<THub>
    {
        public ValueTask<ConnectError?> AuthenticateAsync(HubConnectingContext context) => authenticate(context);
    }
}
