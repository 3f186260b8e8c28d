using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using TypedSockets.Hosting;
using TypedSockets.Hubs;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;
using TypedSockets.Testing.Security;

namespace TypedSockets.Tests.Hubs.Security;

/// <summary>
/// Kestrel on 127.0.0.1 with JwtBearer (the test's key, issuer and audience) and the security hubs, over the HTTP
/// upgrade or the fast path.
/// </summary>
internal sealed class SecurityTestServer : IAsyncDisposable
{
    public const string Key = "security-tests-signing-key-0123456789abcdef";
    public const string Issuer = "typedsockets-tests";
    public const string MembersPolicy = "members";

    private readonly WebApplication _app;

    private SecurityTestServer(WebApplication app, ListLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        BaseUri = new Uri(app.Urls.First() + "/");
    }

    public Uri BaseUri { get; }

    public ListLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static string Token(string name, params string[] roles) => TestTokens.Mint(Key, name, roles, issuer: Issuer, audience: Issuer);

    public static async Task<SecurityTestServer> StartAsync(bool fastPath = false, Action<HubSecurityOptions>? security = null, Action<TypedSocketsBuilder>? sockets = null)
    {
        var logs = new ListLoggerProvider();
        var builder = LoopbackApplication.CreateBuilder(logs, fastPath);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddAuthorizationBuilder().AddPolicy(MembersPolicy, policy => policy.RequireRole("member"));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Issuer,
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)),
                ClockSkew = TimeSpan.Zero,
                NameClaimType = "name",
                RoleClaimType = "role",
            };
        });
        var typedSockets = builder.Services.AddTypedSockets(options => security?.Invoke(options.Hubs.Security))
            .AddConnectionAuthenticator<GateHub>(Gate);
        sockets?.Invoke(typedSockets);
        var app = builder.Build();
        app.UseAuthentication();
        app.MapHub<VaultHub>();
        app.MapHub<ClubHub>();
        app.MapHub<GateHub>();
        await app.StartAsync();
        return new SecurityTestServer(app, logs);
    }

    /// <summary>The gate: API key "k-gold" is user "gold" of tier gold; anything else is refused with typed data.</summary>
    private static ValueTask<ConnectError?> Gate(HubConnectingContext context)
    {
        var auth = context.ReadAuth(SecurityJsonContext.Default.GateAuth);
        if (auth?.ApiKey != "k-gold")
        {
            return ValueTask.FromResult<ConnectError?>(HubConnectingContext.Refuse("bad key", new GateRefusal(auth?.ApiKey is null ? "missing" : "unknown", 1), SecurityJsonContext.Default.GateRefusal));
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "gold")], "api-key"));
        context.Items["tier"] = "gold";
        return ValueTask.FromResult<ConnectError?>(null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
