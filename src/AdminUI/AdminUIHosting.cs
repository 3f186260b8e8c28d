using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.SocketIO;

namespace TypedSockets.AdminUI;

/// <summary>Creates this node's <see cref="AdminUIServer"/> from the application's services, once.</summary>
internal static class AdminUIHosting
{
    internal static AdminUIServer CreateServer(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AdminUIOptions>>().Value;
        var environment = services.GetService<IHostEnvironment>();
        var development = environment?.IsDevelopment() ?? false;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TypedSockets.AdminUI");
        AdminUICredentials credentials;
        if (options.Username is { Length: > 0 } username && options.Password is { Length: > 0 } password)
        {
            credentials = AdminUICredentials.WithPassword(username, password);
        }
        else if (options.Username is { Length: > 0 } hashedUser && options.PasswordHash is { Length: > 0 } passwordHash)
        {
            credentials = AdminUICredentials.WithPasswordHash(hashedUser, passwordHash);
        }
        else if (development)
        {
            AdminUILog.DefaultCredentials(logger);
            credentials = AdminUICredentials.WithPassword(AdminUICredentials.DevelopmentDefault, AdminUICredentials.DevelopmentDefault);
        }
        else
        {
            throw new InvalidOperationException(
                "The Admin UI needs credentials outside the Development environment: set AdminUI:Username and AdminUI:Password (or AdminUI:PasswordHash) " +
                "(the defaults admin/admin are accepted in Development only).");
        }

        var mode = options.Mode ?? (development ? AdminUIMode.Development : AdminUIMode.Production);
        return new AdminUIServer(
            services.GetRequiredService<SocketIOServer>(),
            options,
            mode,
            credentials,
            services.GetRequiredService<TimeProvider>(),
            logger);
    }
}
