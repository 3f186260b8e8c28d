namespace TypedSockets.Tests.Generators;

/// <summary>A hub with security attributes on the class, the contract interface and the methods.</summary>
internal static class GeneratorSecurityInputs
{
    public const string SecuredHub = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using TypedSockets.Hubs;

        namespace Secure;

        public interface IVaultClient { Task Opened(string by); }

        [EventRateLimit(100, 10)]
        public interface IVaultHub
        {
            Task<string> Peek();
            [Authorize(Roles = "admin,auditor")] Task Audit(string note);
            Task<bool> Open(string code);
            Task Ping();
        }

        [Hub("/vault")]
        [Authorize(Policy = "members")]
        [Authorize(AuthenticationSchemes = "Bearer")]
        public partial class VaultHub : Hub<IVaultClient>, IVaultHub
        {
            public Task<string> Peek() => Task.FromResult("closed");
            public Task Audit(string note) => Task.CompletedTask;
            [Authorize("openers")]
            [EventRateLimit(3, 0.5)]
            public Task<bool> Open(string code) => Task.FromResult(code == "1234");
            [AllowAnonymous]
            public Task Ping() => Task.CompletedTask;
        }
        """;
}
