using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TypedSockets.Redis;

/// <summary>Healthy while the backplane reaches Redis; unhealthy (the node then serves its local clients only) otherwise.</summary>
public sealed class RedisBackplaneHealthCheck : IHealthCheck
{
    private readonly RedisBackplane _backplane;

    /// <summary>The health check of <paramref name="backplane"/>.</summary>
    /// <param name="backplane">The node's backplane.</param>
    public RedisBackplaneHealthCheck(RedisBackplane backplane)
    {
        ArgumentNullException.ThrowIfNull(backplane);
        _backplane = backplane;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_backplane.IsConnected
            ? HealthCheckResult.Healthy($"Redis backplane node {_backplane.NodeId} is connected.")
            : HealthCheckResult.Unhealthy($"Redis backplane node {_backplane.NodeId} cannot reach Redis; only local clients are served."));
}
