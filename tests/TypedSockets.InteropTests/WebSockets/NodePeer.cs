using TypedSockets.Testing;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Runs a script of tests/node with <c>node</c>, from that folder.</summary>
internal sealed class NodePeer : IAsyncDisposable
{
    private readonly RunningProcess _process;

    private NodePeer(RunningProcess process)
    {
        _process = process;
    }

    public static string NodeDirectory => RepositoryPaths.NodePeers;

    public static NodePeer Start(string script, params string[] arguments) =>
        new(RunningProcess.Start("node", [script, .. arguments], NodeDirectory, redirectInput: true));

    /// <summary>The next line the script prints, within a few seconds.</summary>
    public Task<string> ReadLineAsync() => _process.ReadLineAsync(TimeSpan.FromSeconds(10));

    /// <summary>Everything the script prints until it exits (within a few seconds), and its exit code.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync()
    {
        var output = await _process.ReadToEndAsync(TimeSpan.FromSeconds(20));
        return (_process.ExitCode, output + _process.Error);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
