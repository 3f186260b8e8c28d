using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using TypedSockets.Threading;

namespace TypedSockets.EngineIO;

/// <summary>
/// Per-remote-address admission of new Engine.IO sessions (both opt-in, off by default): at most
/// <see cref="EngineOptions.MaxConnectionsPerAddress"/> open at once, and at most
/// <see cref="EngineOptions.MaxNewConnectionsPerAddress"/> opened per <see cref="EngineOptions.NewConnectionWindow"/>.
/// The HTTP handshake and the fast path ask it before they answer; the concurrency lease travels with the session
/// and is released when the session is forgotten. Refusals are logged, a few per window.
/// </summary>
internal sealed class EngineAdmission : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _concurrent;
    private readonly PartitionedRateLimiter<IPAddress>? _rate;
    private readonly LogThrottle _refusals;
    private readonly ILogger _logger;

    private EngineAdmission(EngineOptions options, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        _refusals = new LogThrottle(time);
        var maxOpen = options.MaxConnectionsPerAddress;
        if (maxOpen > 0)
        {
            _concurrent = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetConcurrencyLimiter(
                address,
                _ => new ConcurrencyLimiterOptions { PermitLimit = maxOpen, QueueLimit = 0 }));
        }

        var maxNew = options.MaxNewConnectionsPerAddress;
        if (maxNew > 0)
        {
            var window = options.NewConnectionWindow;
            _rate = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
                address,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = maxNew, Window = window, QueueLimit = 0, AutoReplenishment = true }));
        }
    }

    /// <summary>Null when both limits are off (the default): the handshake paths then do nothing at all.</summary>
    public static EngineAdmission? Create(EngineOptions options, TimeProvider time, ILogger logger) =>
        options.MaxConnectionsPerAddress > 0 || options.MaxNewConnectionsPerAddress > 0 ? new EngineAdmission(options, time, logger) : null;

    /// <summary>
    /// False when <paramref name="address"/> is over a limit (the caller refuses with HTTP 429). On success,
    /// <paramref name="lease"/> is the concurrency permit the session holds until it is forgotten (null when that
    /// limit is off). A connection without an IP address (a test host, a Unix socket) is always admitted.
    /// </summary>
    public bool TryAdmit(IPAddress? address, out RateLimitLease? lease)
    {
        lease = null;
        if (address is null)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_rate is not null)
        {
            using var permit = _rate.AttemptAcquire(address);
            if (!permit.IsAcquired)
            {
                Refused(address, "new connections per address");
                return false;
            }
        }

        if (_concurrent is not null)
        {
            var permit = _concurrent.AttemptAcquire(address);
            if (!permit.IsAcquired)
            {
                permit.Dispose();
                Refused(address, "open connections per address");
                return false;
            }

            lease = permit;
        }

        return true;
    }

    public void Dispose()
    {
        _concurrent?.Dispose();
        _rate?.Dispose();
    }

    private void Refused(IPAddress address, string limit)
    {
        if (_refusals.TryWrite(out var dropped))
        {
            EngineLog.AdmissionRefused(_logger, address.ToString(), limit, dropped);
        }
    }
}
