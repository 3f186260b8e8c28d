using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// The security of one mapped hub: the connect step (bearer token, the application's authenticator, the hub's
/// <c>[Authorize]</c>) and each event's guard (<c>[Authorize]</c> on the method, rate limits). Built once at bind
/// from the generated <see cref="HubSecurityMetadata"/>; nothing here reflects.
/// </summary>
internal sealed class HubSecurity
{
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate limited";

    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;
    private readonly Func<HubConnectingContext, ValueTask<ConnectError?>>? _authenticator;
    private readonly AuthorizationRequirementSet? _hubAuthorization;
    private readonly ILogger _logger;
    private Task<bool>? _bearerSchemeRegistered;

    private HubSecurity(IServiceProvider services, HubSecurityMetadata? metadata, Func<HubConnectingContext, ValueTask<ConnectError?>>? authenticator, HubSecurityOptions options, ILogger logger)
    {
        _services = services;
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _authenticator = authenticator;
        _logger = logger;
        Options = options;
        if (metadata?.Authorize is { } authorize)
        {
            _hubAuthorization = new AuthorizationRequirementSet(authorize);
        }

        HubRateLimit = metadata?.RateLimit;
        if (metadata is not null)
        {
            var guards = new EventGuard?[metadata.Events.Length];
            var any = false;
            for (var i = 0; i < guards.Length; i++)
            {
                var security = metadata.Events[i];
                if (security is null && metadata.RateLimit is null)
                {
                    continue;
                }

                guards[i] = new EventGuard(
                    security?.Authorize is { } data ? new AuthorizationRequirementSet(data) : null,
                    security?.RateLimit,
                    metadata.RateLimit is not null);
                any = true;
            }

            Guards = any ? guards : null;
        }

        var needsAuthorization = _hubAuthorization is not null || (Guards is not null && Array.Exists(Guards, static g => g?.Authorization is not null));
        if (needsAuthorization && services.GetService<IAuthorizationService>() is null)
        {
            throw new InvalidOperationException("A hub uses [Authorize]: call builder.Services.AddAuthorization() (and register the authentication it needs).");
        }
    }

    public HubSecurityOptions Options { get; }

    /// <summary>Each event's guard by event number, or null when no event has one.</summary>
    public EventGuard?[]? Guards { get; }

    /// <summary>The limit all events of the hub share per socket; null for none.</summary>
    public HubRateLimitData? HubRateLimit { get; }

    /// <summary>
    /// The security of a hub, or null when there is nothing to do: no metadata, no authenticator and no bearer scheme
    /// to read handshake tokens with (then connections pay nothing).
    /// </summary>
    public static HubSecurity? Create(IServiceProvider services, HubSecurityMetadata? metadata, Func<HubConnectingContext, ValueTask<ConnectError?>>? authenticator, HubSecurityOptions options, ILogger logger)
    {
        // Asked, not resolved: the authentication service is scoped, and resolving it from the root provider fails
        // where scopes are validated (the Development environment).
        var readsTokens = !string.IsNullOrEmpty(options.BearerScheme)
            && services.GetService<IServiceProviderIsService>()?.IsService(typeof(IAuthenticationService)) == true;
        return metadata is null && authenticator is null && !readsTokens
            ? null
            : new HubSecurity(services, metadata, authenticator, options, logger);
    }

    /// <summary>The connect step, run as the namespace's middleware before the hub's <c>OnConnected</c>.</summary>
    public async ValueTask<ConnectError?> ConnectAsync(Socket socket)
    {
        var tokenFailure = await AuthenticateTokenAsync(socket).ConfigureAwait(false);
        if (_authenticator is not null)
        {
            var refusal = await _authenticator(new HubConnectingContext(socket, _services, tokenFailure)).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        if (_hubAuthorization is null)
        {
            return null;
        }

        if (await AuthorizeAsync(socket, _hubAuthorization).ConfigureAwait(false))
        {
            return null;
        }

        var user = socket.User;
        return IsAuthenticated(user)
            ? HubConnectingContext.RefuseWithReason(Forbidden, "The user does not meet the hub's authorization policy.")
            : HubConnectingContext.RefuseWithReason(Unauthorized, tokenFailure ?? "not authenticated");
    }

    /// <summary>Whether the socket's user meets <paramref name="requirements"/> (the application's policies and <see cref="IAuthorizationService"/>).</summary>
    public async ValueTask<bool> AuthorizeAsync(Socket socket, AuthorizationRequirementSet requirements)
    {
        var policy = await requirements.GetPolicyAsync(_services).ConfigureAwait(false);
        if (policy is null)
        {
            return true;
        }

        var result = await _services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(socket.User, socket, policy).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>
    /// When the opening request's user is anonymous (always so on the fast path), validates a bearer token from the
    /// handshake with the application's bearer scheme and makes it the socket's user. Returns why no user came of it.
    /// </summary>
    private async ValueTask<string?> AuthenticateTokenAsync(Socket socket)
    {
        if (IsAuthenticated(socket.User) || string.IsNullOrEmpty(Options.BearerScheme))
        {
            return null;
        }

        var token = BearerTokenReader.Find(socket, Options.AuthTokenProperty);
        if (token is null)
        {
            return "no token";
        }

        if (!await (_bearerSchemeRegistered ??= IsSchemeRegisteredAsync(Options.BearerScheme)).ConfigureAwait(false))
        {
            return $"no authentication scheme '{Options.BearerScheme}' to validate the token";
        }

        // The application's own handler (JwtBearer's validation parameters, events, key rotation) reads the token from
        // a request of our making: the runtime needs no reference to a token library.
        await using var scope = _scopes.CreateAsyncScope();
        var request = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        request.Request.Headers.Authorization = "Bearer " + token;
        var result = await scope.ServiceProvider.GetRequiredService<IAuthenticationService>().AuthenticateAsync(request, Options.BearerScheme).ConfigureAwait(false);
        if (result.Succeeded && result.Principal is { } principal)
        {
            socket.User = principal;
            return null;
        }

        HubSecurityLog.TokenRefused(_logger, socket.Namespace.Name, socket.Id, result.Failure?.Message ?? "no principal");
        return Reason(result.Failure);
    }

    /// <summary>
    /// A short reason for the client, from the validation exception's type name (the runtime references no token
    /// library): the full message, which can be long and mention keys, goes to the log only.
    /// </summary>
    private static string Reason(Exception? failure)
    {
        var name = failure?.GetType().Name ?? string.Empty;
        return name switch
        {
            _ when name.Contains("Expired", StringComparison.Ordinal) => "token expired",
            _ when name.Contains("NotYetValid", StringComparison.Ordinal) => "token not yet valid",
            _ when name.Contains("Signature", StringComparison.Ordinal) => "invalid signature",
            _ when name.Contains("Issuer", StringComparison.Ordinal) => "invalid issuer",
            _ when name.Contains("Audience", StringComparison.Ordinal) => "invalid audience",
            _ => "invalid token",
        };
    }

    private async Task<bool> IsSchemeRegisteredAsync(string scheme)
    {
        var schemes = _services.GetService<IAuthenticationSchemeProvider>();
        return schemes is not null && await schemes.GetSchemeAsync(scheme).ConfigureAwait(false) is not null;
    }

    private static bool IsAuthenticated(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}

/// <summary>One event's guard: its authorization and its rate limits (its own, the hub's shared one).</summary>
internal sealed record EventGuard(AuthorizationRequirementSet? Authorization, HubRateLimitData? RateLimit, bool HubRateLimited);

/// <summary>A set of <c>[Authorize]</c> data and the policy it combines to, built once with the application's policy provider.</summary>
internal sealed class AuthorizationRequirementSet
{
    private readonly HubAuthorizeData[] _data;
    private Task<AuthorizationPolicy?>? _policy;

    public AuthorizationRequirementSet(HubAuthorizeData[] data)
    {
        _data = data;
    }

    public Task<AuthorizationPolicy?> GetPolicyAsync(IServiceProvider services) =>
        _policy ??= AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(), _data);
}
