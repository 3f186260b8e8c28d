using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>An <see cref="EngineServer"/> keeps a copy of the options it validated, so the caller's instance can change afterwards without reaching it.</summary>
public sealed class EngineServerOptionsTests
{
    [Fact]
    public void The_server_runs_with_the_options_it_validated_whatever_the_caller_changes_later()
    {
        var options = new EngineOptions { PingInterval = TimeSpan.FromSeconds(7), MaxPayload = 5000 };
        options.AllowedOrigins.Add("http://app.test");
        using var server = new EngineServer(options, new RefusingAcceptor(), NullLoggerFactory.Instance, TimeProvider.System);

        // Each of these would have been refused by the constructor.
        options.PingInterval = TimeSpan.Zero;
        options.MaxPayload = -1;
        options.AllowedOrigins.Clear();

        var open = Encoding.UTF8.GetString(server.CreateOpenPacket("sid", canUpgrade: true));
        Assert.Contains("\"pingInterval\":7000", open, StringComparison.Ordinal);
        Assert.Contains("\"maxPayload\":5000", open, StringComparison.Ordinal);
        Assert.True(server.OriginPolicy.Allows("http://app.test", "http", "server.test", out var crossOrigin));
        Assert.True(crossOrigin);
    }

    [Fact]
    public void A_snapshot_copies_every_setting()
    {
        var options = new EngineOptions();
        var settable = typeof(EngineOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (var property in settable)
        {
            property.SetValue(options, Changed(property.GetValue(options)));
        }

        options.AllowedOrigins.Add("http://app.test");
        Func<string, bool> predicate = origin => origin.EndsWith(".app.test", StringComparison.Ordinal);
        options.SetIsOriginAllowed(predicate);

        var copy = options.Snapshot();

        Assert.NotEmpty(settable);
        Assert.All(settable, property => Assert.Equal(property.GetValue(options), property.GetValue(copy)));
        Assert.Equal(["http://app.test"], copy.AllowedOrigins);
        Assert.NotSame(options.AllowedOrigins, copy.AllowedOrigins);
        Assert.Same(predicate, copy.IsOriginAllowed);
    }

    /// <summary>A value other than <paramref name="value"/>, of its type (every type a setting of <see cref="EngineOptions"/> has).</summary>
    private static object Changed(object? value) => value switch
    {
        TimeSpan span => span + TimeSpan.FromSeconds(1),
        int number => number + 1,
        long number => number + 1,
        bool flag => !flag,
        EngineTransports transports => transports == EngineTransports.All ? EngineTransports.Polling : EngineTransports.All,
        _ => throw new InvalidOperationException($"EngineOptions has a setting of a type this test does not change: {value?.GetType()}"),
    };

    private sealed class RefusingAcceptor : IEngineSessionAcceptor
    {
        public IEngineSessionHandler OnOpen(IEngineSession session) => throw new InvalidOperationException("no session is opened here");
    }
}
