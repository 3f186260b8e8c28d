using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO.Recovery;

/// <summary>Recovery with a backplane starts only when the backplane keeps recovery in the cluster.</summary>
public sealed class RecoveryBackplaneStartupTests
{
    private static SocketIOOptions WithRecovery() => new() { ConnectionStateRecovery = { Enabled = true } };

    [Fact]
    public void The_Redis_backplane_serves_a_server_with_recovery_on()
    {
        var backplane = new RedisBackplane(new RedisBackplaneOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var server = new SocketIOServer(WithRecovery(), NullLoggerFactory.Instance, TimeProvider.System, backplane);

        Assert.Same(backplane, server.Backplane);
    }

    [Fact]
    public void A_backplane_without_cluster_recovery_is_refused_at_start_up_by_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => new SocketIOServer(WithRecovery(), NullLoggerFactory.Instance, TimeProvider.System, new PlainBackplane()));

        Assert.Contains(nameof(PlainBackplane), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ISocketIORecoveryBackplane), error.Message, StringComparison.Ordinal);
    }

    /// <summary>A backplane that only relays broadcasts (as a pub/sub adapter does); never used beyond the constructor.</summary>
    private sealed class PlainBackplane : ISocketIOBackplane
    {
        public void Attach(BackplaneHost host) { }

        public void OnNamespaceAdded(Namespace nsp) { }

        public void OnSocketAdded(Namespace nsp, string socketId) { }

        public void OnSocketRemoved(Namespace nsp, string socketId, IReadOnlyCollection<string> rooms) { }

        public void OnJoined(Namespace nsp, string socketId, string room) { }

        public void OnLeft(Namespace nsp, string socketId, string room) { }

        public void PublishBroadcast(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms) { }

        public Task<BroadcastAckResult> PublishBroadcastWithAckAsync(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public void PublishCommand(Namespace nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument) { }

        public void PublishServerSideEvent(Namespace nsp, string eventName, ReadOnlySpan<byte> argumentJson) { }

        public ValueTask<int> CountAsync(Namespace nsp, string? room, CancellationToken cancellationToken) => ValueTask.FromResult(0);

        public ValueTask<IReadOnlyList<string>> FetchSocketIdsAsync(Namespace nsp, string? room, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<string>>([]);
    }
}
