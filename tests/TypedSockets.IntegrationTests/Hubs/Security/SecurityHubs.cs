using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs.Security;

public interface IVaultClient
{
    Task Notice(string text);
}

/// <summary>The contract carries a role requirement of its own: the implementation need not repeat it.</summary>
public interface IVaultHub
{
    Task<string> WhoAmI();

    [Authorize(Roles = "admin")]
    Task<string> AdminOnly();

    Task<string> MembersOnly();

    Task<string> Item(string key);

    Task<int> Tick(int n);

    Task<int> Double(int n);

    Task<int> Boom();
}

/// <summary>Open to any authenticated user; methods narrow it by role (contract) and policy (implementation).</summary>
[Hub("/vault")]
[Authorize]
public sealed partial class VaultHub : Hub<IVaultClient>, IVaultHub
{
    public Task<string> WhoAmI() => Task.FromResult(Context.User.Identity?.Name ?? "anonymous");

    public Task<string> AdminOnly() => Task.FromResult("admin ok");

    [Authorize(Policy = SecurityTestServer.MembersPolicy)]
    public Task<string> MembersOnly() => Task.FromResult("members ok");

    public Task<string> Item(string key) => Task.FromResult(Context.Items.TryGetValue(key, out var value) ? value?.ToString() ?? "null" : "none");

    [EventRateLimit(3, perSeconds: 60)]
    public Task<int> Tick(int n) => Task.FromResult(n);

    public Task<int> Double(int n) => Task.FromResult(n * 2);

    public Task<int> Boom() => throw new InvalidOperationException("boom");
}

public interface IClubHub
{
    Task<string> Enter();
}

/// <summary>A hub whose policy is checked at connect: authenticated non-members are refused with <c>forbidden</c>.</summary>
[Hub("/club")]
[Authorize(Policy = SecurityTestServer.MembersPolicy)]
public sealed partial class ClubHub : Hub<IVaultClient>, IClubHub
{
    public Task<string> Enter() => Task.FromResult("welcome " + Context.User.Identity?.Name);
}

public interface IGateHub
{
    Task<string> Who();

    Task<string> Tier();
}

/// <summary>No [Authorize]: its connection authenticator (an API key in the typed auth payload) decides.</summary>
[Hub("/gate")]
public sealed partial class GateHub : Hub<IVaultClient>, IGateHub
{
    public Task<string> Who() => Task.FromResult(Context.User.Identity?.Name ?? "anonymous");

    public Task<string> Tier() => Task.FromResult(Context.Items["tier"]?.ToString() ?? "none");
}

/// <summary>The gate's typed auth payload.</summary>
public sealed record GateAuth(string? ApiKey);

/// <summary>The gate's refusal data.</summary>
public sealed record GateRefusal(string Reason, int Attempts);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GateAuth))]
[JsonSerializable(typeof(GateRefusal))]
internal sealed partial class SecurityJsonContext : JsonSerializerContext;

[TypedSockets.Client.TypedSocketsClient(typeof(IVaultHub), typeof(IVaultClient), Namespace = "/vault")]
public sealed partial class VaultClient;

[TypedSockets.Client.TypedSocketsClient(typeof(IClubHub), typeof(IVaultClient), Namespace = "/club")]
public sealed partial class ClubClient;

[TypedSockets.Client.TypedSocketsClient(typeof(IGateHub), typeof(IVaultClient), Namespace = "/gate")]
public sealed partial class GateClient;

/// <summary>Receives nothing the tests look at.</summary>
public sealed class IgnoringReceiver : IVaultClient
{
    public Task Notice(string text) => Task.CompletedTask;
}
