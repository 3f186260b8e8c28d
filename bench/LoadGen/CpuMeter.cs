using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// CPU used over a window by the generator, by the server (all its nodes together, and the part of it spent in the
/// kernel) and by the backplane, each as a fraction of one core.
/// </summary>
internal sealed class CpuMeter
{
    private readonly IReadOnlyList<ServerProcess> _servers;
    private readonly ServerProcess? _backplane;
    private readonly long _startedAt;
    private readonly TimeSpan _ownAtStart;
    private readonly (TimeSpan Total, TimeSpan Kernel) _serversAtStart;
    private readonly TimeSpan _backplaneAtStart;

    public CpuMeter(Target target)
    {
        _servers = target.Processes;
        _backplane = target.Backplane;
        _ownAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _serversAtStart = ReadServers();
        _backplaneAtStart = Read(_backplane).Total;
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Ends the window and records its shares in <paramref name="result"/>.</summary>
    public void StopInto(ScenarioResult result)
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _ownAtStart).TotalSeconds;
        result.GeneratorCpu = own / wall;
        if (_servers.Count > 0)
        {
            var servers = ReadServers();
            result.ServerCpu = (servers.Total - _serversAtStart.Total).TotalSeconds / wall;
            result.ServerKernelCpu = (servers.Kernel - _serversAtStart.Kernel).TotalSeconds / wall;
        }

        if (_backplane is not null)
        {
            result.BackplaneCpu = (Read(_backplane).Total - _backplaneAtStart).TotalSeconds / wall;
        }
    }

    private (TimeSpan Total, TimeSpan Kernel) ReadServers()
    {
        var total = TimeSpan.Zero;
        var kernel = TimeSpan.Zero;
        foreach (var server in _servers)
        {
            var (serverTotal, serverKernel) = Read(server);
            total += serverTotal;
            kernel += serverKernel;
        }

        return (total, kernel);
    }

    private static (TimeSpan Total, TimeSpan Kernel) Read(ServerProcess? process)
    {
        try
        {
            return process?.ReadCpuTime() ?? default;
        }
        catch (IOException)
        {
            return default;
        }
    }
}
