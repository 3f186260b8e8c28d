using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// CPU used over a window by the generator, by the server (all its nodes together) and by the backplane, each as a
/// fraction of one core.
/// </summary>
internal sealed class CpuMeter
{
    private readonly IReadOnlyList<ServerProcess> _servers;
    private readonly ServerProcess? _backplane;
    private readonly long _startedAt;
    private readonly TimeSpan _ownAtStart;
    private readonly TimeSpan _serversAtStart;
    private readonly TimeSpan _backplaneAtStart;

    public CpuMeter(Target target)
    {
        _servers = target.Processes;
        _backplane = target.Backplane;
        _ownAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _serversAtStart = ReadServers();
        _backplaneAtStart = Read(_backplane);
        _startedAt = Stopwatch.GetTimestamp();
    }

    public (double Generator, double Server, double Backplane) Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _ownAtStart).TotalSeconds;
        var server = _servers.Count == 0 ? double.NaN : (ReadServers() - _serversAtStart).TotalSeconds;
        var backplane = _backplane is null ? double.NaN : (Read(_backplane) - _backplaneAtStart).TotalSeconds;
        return (own / wall, server / wall, backplane / wall);
    }

    private TimeSpan ReadServers()
    {
        var total = TimeSpan.Zero;
        foreach (var server in _servers)
        {
            total += Read(server);
        }

        return total;
    }

    private static TimeSpan Read(ServerProcess? process)
    {
        try
        {
            return process?.ReadCpuTime() ?? TimeSpan.Zero;
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
