using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TypedSockets.AdminUI;
using TypedSockets.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the socket.io Admin UI to TypedSockets; <c>app.MapAdminUI()</c> then serves it.</summary>
public static class TypedSocketsAdminUIBuilderExtensions
{
    /// <summary>
    /// Adds the Admin UI with settings from <paramref name="configure"/>. Nothing runs until <c>MapAdminUI</c>: without it
    /// the admin namespace does not exist and a client asking for it gets <c>Invalid namespace</c>.
    /// </summary>
    /// <param name="builder">What <c>AddTypedSockets</c> returned.</param>
    /// <param name="configure">Sets the credentials, the mode and the rest of <see cref="AdminUIOptions"/>.</param>
    public static TypedSocketsBuilder AddAdminUI(this TypedSocketsBuilder builder, Action<AdminUIOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddAdminUICore(builder, section: null, configure);
    }

    /// <summary>Adds the Admin UI with settings bound from <paramref name="section"/> (normally <c>AdminUI</c>), then <paramref name="configure"/>.</summary>
    /// <param name="builder">What <c>AddTypedSockets</c> returned.</param>
    /// <param name="section">The configuration section: <c>Username</c>, <c>Password</c>, <c>Mode</c>, ...</param>
    /// <param name="configure">Applied after the binding.</param>
    public static TypedSocketsBuilder AddAdminUI(this TypedSocketsBuilder builder, IConfiguration section, Action<AdminUIOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        return AddAdminUICore(builder, section, configure);
    }

    private static TypedSocketsBuilder AddAdminUICore(TypedSocketsBuilder builder, IConfiguration? section, Action<AdminUIOptions>? configure)
    {
        var services = builder.Services;
        var options = services.AddOptions<AdminUIOptions>();
        if (section is not null)
        {
            // Replaced at compile time by the configuration binding source generator: no reflection.
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        var path = section is null ? AdminUIOptions.SectionName : (section as IConfigurationSection)?.Path ?? string.Empty;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminUIOptions>>(new AdminUIOptionsValidator(path)));
        options.ValidateOnStart();
        services.TryAddSingleton(static provider => AdminUIHosting.CreateServer(provider));
        return builder;
    }
}
