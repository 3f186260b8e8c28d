using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TypedSockets.Hosting;
using TypedSockets.Redis;

namespace TypedSockets.Tests.Options;

/// <summary>Services as an application registers them, with options from an in-memory configuration.</summary>
internal static class OptionsServices
{
    public static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(static pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
            .Build();

    /// <summary>The options resolved from <c>AddTypedSockets(configuration.GetSection("TypedSockets"))</c>.</summary>
    public static TypedSocketsOptions Resolve(IConfiguration configuration, Action<TypedSocketsOptions>? configure = null, string section = TypedSocketsOptions.SectionName)
    {
        using var provider = Provider(configuration, configure, section);
        return provider.GetRequiredService<IOptions<TypedSocketsOptions>>().Value;
    }

    public static ServiceProvider Provider(IConfiguration configuration, Action<TypedSocketsOptions>? configure = null, string section = TypedSocketsOptions.SectionName)
    {
        var services = new ServiceCollection();
        services.AddTypedSockets(configuration.GetSection(section), configure);
        return services.BuildServiceProvider();
    }

    /// <summary>The options resolved from <c>AddRedis(configuration.GetSection("TypedSockets:Redis"))</c>.</summary>
    public static RedisBackplaneOptions ResolveRedis(IConfiguration configuration, Action<RedisBackplaneOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddTypedSockets().AddRedis(configuration.GetSection(RedisBackplaneOptions.SectionName), configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value;
    }

    /// <summary>The validation failures of the configured options (none: the test fails).</summary>
    public static IEnumerable<string> Failures(Func<object> resolve) => Assert.Throws<OptionsValidationException>(resolve).Failures;
}
