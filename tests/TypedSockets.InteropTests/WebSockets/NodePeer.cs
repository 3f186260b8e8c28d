using System.Diagnostics;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Runs a script of tests/node with <c>node</c>, from that folder (found by walking up to the repository root).</summary>
internal sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private NodePeer(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string NodeDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "TypedSockets.sln")))
                {
                    return Path.Combine(directory.FullName, "tests", "node");
                }
            }

            throw new InvalidOperationException("The repository root (TypedSockets.sln) was not found above " + AppContext.BaseDirectory);
        }
    }

    public static NodePeer Start(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NodePeer(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>The next line the script prints, within a few seconds.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        return line ?? throw new InvalidOperationException("node exited: " + await _stderr);
    }

    /// <summary>Everything the script prints until it exits (within a few seconds), and its exit code.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = await _process.StandardOutput.ReadToEndAsync(timeout.Token);
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, output + await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
