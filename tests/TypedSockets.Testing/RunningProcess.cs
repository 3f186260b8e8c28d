using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace TypedSockets.Testing;

/// <summary>
/// A peer (node, redis-server, a sample, a benchmark server) started as a child process and kept running until
/// disposed. Its standard output lines can be read in order; every line of both streams is kept for waiting on a
/// line and for failure messages. Waiting is on the lines as they come, never on a clock; disposing kills the tree.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<string> _standardOutput = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _disposed;

    private RunningProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Every line written so far, both streams interleaved as they came.</summary>
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

    /// <summary>Every line written to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_output)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>False once the process ended (by itself or killed).</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The process's standard input, when <c>redirectInput</c> was asked for.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>, its output captured.</summary>
    public static RunningProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool redirectInput = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new RunningProcess(process, Path.GetFileName(fileName) + " " + string.Join(' ', start.ArgumentList));
        process.OutputDataReceived += (_, e) => running.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => running.OnLine(e.Data, isError: true);
        process.Exited += (_, _) => running.Pulse();
        if (!process.Start())
        {
            throw new InvalidOperationException(fileName + " did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>The next line of standard output not read yet; fails if the process ends first or none comes in time.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _standardOutput.Reader.ReadAsync(cancel.Token);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{_name} exited before printing another line:\n{Output}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_name} printed no line within {timeout}:\n{Output}");
        }
    }

    /// <summary>The standard output lines not read yet, once the process exited by itself (within <paramref name="timeout"/>).</summary>
    public async Task<string> ReadToEndAsync(TimeSpan timeout)
    {
        await WaitForExitAsync(timeout);
        var rest = new StringBuilder();
        while (_standardOutput.Reader.TryRead(out var line))
        {
            rest.Append(line).Append('\n');
        }

        return rest.ToString();
    }

    /// <summary>Waits until the process exits by itself; one that outlives <paramref name="timeout"/> is killed and fails the test.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            // With asynchronous reads this also waits for both streams to reach their end.
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_name} did not finish within {timeout}:\n{Output}");
        }
    }

    /// <summary>The first line (of either stream, from the start) that <paramref name="match"/>es; fails if the process ends first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        string? found = null;
        await UntilAsync(
            () =>
            {
                found = Output.Split('\n').FirstOrDefault(match);
                return found is not null;
            },
            what,
            timeout);
        return found!;
    }

    /// <summary>Waits until the output holds <paramref name="text"/> at least <paramref name="times"/> times.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout, int times = 1) =>
        UntilAsync(() => CountOccurrences(Output, text) >= times, times == 1 ? $"\"{text}\"" : $"\"{text}\" {times} times", timeout);

    /// <summary>Kills the process tree now (as a crash would); the exit is awaited by <see cref="DisposeAsync"/>.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Re-checks <paramref name="condition"/> each time a line comes or the process exits.</summary>
    private async Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_output)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            if (_process.HasExited)
            {
                // Lines still in flight after the exit come before the streams end; look once more after they did.
                await _process.WaitForExitAsync(CancellationToken.None);
                if (condition())
                {
                    return;
                }

                throw new InvalidOperationException($"{_name} exited (code {_process.ExitCode}) before writing {what}:\n{Output}");
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_name} did not write {what} within {timeout}:\n{Output}");
            }
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            if (!isError)
            {
                _standardOutput.Writer.TryComplete();
            }

            Pulse();
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
            if (isError)
            {
                _error.Append(line).Append('\n');
            }
        }

        if (!isError)
        {
            _standardOutput.Writer.TryWrite(line);
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_output)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }
}
