using System.Diagnostics;
using System.Text;

namespace TypedSockets.Tests.Bench;

/// <summary>A benchmark peer server the bench tests start and keep running until disposed; it announces its URL.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, line) => OnLine(line.Data);
        _process.ErrorDataReceived += (_, line) => OnLine(line.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"{fileName} exited early:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        // The benchmark peers print this once they accept connections (port 0 resolved).
        const string Listening = "Listening on ";
        if (line.StartsWith(Listening, StringComparison.Ordinal))
        {
            _listening.TrySetResult(line[Listening.Length..].Split(',')[0].Trim());
        }
    }

    /// <summary>Starts a peer with <c>--urls http://127.0.0.1:0</c> and waits for the URL it listens on.</summary>
    public static async Task<(PeerProcess Process, string Url)> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var peer = new PeerProcess(fileName, [.. arguments, "--urls", "http://127.0.0.1:0"], workingDirectory);
        try
        {
            return (peer, await peer._listening.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
