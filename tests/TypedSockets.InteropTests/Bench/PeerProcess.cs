using TypedSockets.Testing;

namespace TypedSockets.Tests.Bench;

/// <summary>A benchmark peer server the bench tests start and keep running until disposed; it announces its URL.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    // The benchmark peers print this once they accept connections (port 0 resolved).
    private const string Listening = "Listening on ";

    private readonly RunningProcess _process;

    private PeerProcess(RunningProcess process)
    {
        _process = process;
    }

    public string Output => _process.Output;

    /// <summary>Starts a peer with <c>--urls http://127.0.0.1:0</c> and waits for the URL it listens on.</summary>
    public static async Task<(PeerProcess Process, string Url)> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var peer = new PeerProcess(RunningProcess.Start(fileName, [.. arguments, "--urls", "http://127.0.0.1:0"], workingDirectory));
        try
        {
            var line = await peer._process.WaitForLineAsync(l => l.StartsWith(Listening, StringComparison.Ordinal), "its address", TimeSpan.FromSeconds(30));
            return (peer, line[Listening.Length..].Split(',')[0].Trim());
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
