using System.Diagnostics;
using System.Text.RegularExpressions;

using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Samples;

/// <summary>A sample of samples/ running as its own process on a free port of 127.0.0.1, with its output captured.</summary>
internal sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly string _name;
    private int _disposed;

    private SampleProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Everything the server wrote so far (its log lines).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>False once the process ended (by itself or killed).</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    /// <summary>Starts samples/<paramref name="name"/> (built with the tests) with <paramref name="arguments"/> after its address.</summary>
    public static async Task<SampleProcess> StartAsync(string name, params string[] arguments)
    {
        // TYPEDSOCKETS_SEEDTOUR_EXE runs another build of SeedTour (the Native AOT binary in .ci/run) under the same tests.
        var executable = name == "SeedTour" ? Environment.GetEnvironmentVariable("TYPEDSOCKETS_SEEDTOUR_EXE") : null;
        var start = new ProcessStartInfo(string.IsNullOrEmpty(executable) ? "dotnet" : executable)
        {
            ArgumentList = { "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "samples", name),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(executable))
        {
            start.ArgumentList.Insert(0, RepositoryPaths.SampleDll(name));
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var server = new SampleProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), name);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            server.BaseUrl = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{name} did not report its address:\n" + server.Output);
        }

        return server;
    }

    /// <summary>Waits until the server's output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_name} never logged \"{text}\":\n{Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the server's output contains <paramref name="text"/> <paramref name="times"/> times.</summary>
    public async Task WaitForOutputAsync(string text, int times, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CountOccurrences(Output, text) < times)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_name} never logged \"{text}\" {times} times:\n{Output}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A cluster test kills one node itself, before the cluster disposes every node.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
