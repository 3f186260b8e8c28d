using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TypedSockets.Redis;

/// <summary>
/// Validates <see cref="RedisBackplaneOptions"/> at host start and in <see cref="RedisBackplane"/>'s constructor,
/// naming every invalid option by its configuration path (<c>TypedSockets:Redis:NodeTimeout …</c>).
/// </summary>
internal sealed class RedisBackplaneOptionsValidator : IValidateOptions<RedisBackplaneOptions>
{
    // StackExchange.Redis takes its timeouts and retry delay as int milliseconds.
    private static readonly TimeSpan MaxMilliseconds = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly string _prefix;

    /// <summary>A validator whose messages start with <paramref name="path"/>, the section the options come from.</summary>
    public RedisBackplaneOptionsValidator(string path = RedisBackplaneOptions.SectionName)
    {
        _prefix = path.Length == 0 ? string.Empty : path + ":";
    }

    public ValidateOptionsResult Validate(string? name, RedisBackplaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static void ThrowIfInvalid(RedisBackplaneOptions options, string paramName)
    {
        var failures = new RedisBackplaneOptionsValidator(nameof(RedisBackplaneOptions)).Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", failures), paramName);
        }
    }

    private List<string> Check(RedisBackplaneOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{_prefix}{nameof(options.Configuration)} must be set (for example 127.0.0.1:6379)");
        }
        else if (ParseError(options.Configuration) is { } error)
        {
            failures.Add($"{_prefix}{nameof(options.Configuration)} is not a valid StackExchange.Redis configuration string: {error}");
        }

        if (string.IsNullOrEmpty(options.Prefix) || options.Prefix.Any(char.IsWhiteSpace))
        {
            failures.Add($"{_prefix}{nameof(options.Prefix)} must not be empty or contain whitespace");
        }

        if (string.IsNullOrEmpty(options.SocketIOKey) || options.SocketIOKey.Any(char.IsWhiteSpace))
        {
            failures.Add($"{_prefix}{nameof(options.SocketIOKey)} must not be empty or contain whitespace");
        }

        if (!Enum.IsDefined(options.Protocol))
        {
            failures.Add($"{_prefix}{nameof(options.Protocol)} must be TypedSockets or SocketIO");
        }

        Duration(options.HeartbeatInterval, nameof(options.HeartbeatInterval), failures);
        Duration(options.NodeTimeout, nameof(options.NodeTimeout), failures);
        Duration(options.OperationTimeout, nameof(options.OperationTimeout), failures);
        Duration(options.ReconnectInterval, nameof(options.ReconnectInterval), failures);
        if (options.HeartbeatInterval > TimeSpan.Zero && options.NodeTimeout <= options.HeartbeatInterval)
        {
            // Otherwise a live node's heartbeat expires before it is renewed and the node drops out of the cluster.
            failures.Add($"{_prefix}{nameof(options.NodeTimeout)} must be greater than {_prefix}{nameof(options.HeartbeatInterval)}");
        }

        return failures;
    }

    private void Duration(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{_prefix}{name} must be greater than zero");
        }
        else if (value > MaxMilliseconds)
        {
            failures.Add($"{_prefix}{name} must be at most {MaxMilliseconds}");
        }
    }

    private static string? ParseError(string configuration)
    {
        try
        {
            ConfigurationOptions.Parse(configuration);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}
