using System.Globalization;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// The server's process, found through the socket listening on its port (/proc/net/tcp → socket
/// inode → the process holding it), whatever started it; read for resident memory and CPU time.
/// </summary>
internal sealed class ServerProcess(int pid)
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/PID/stat, 100 on every Linux the runtime supports.</summary>
    private const double ClockTicksPerSecond = 100;

    public int Pid { get; } = pid;

    public static ServerProcess? FindListening(int port)
    {
        var inode = FindListeningInode("/proc/net/tcp", port) ?? FindListeningInode("/proc/net/tcp6", port);
        if (inode is null)
        {
            return null;
        }

        var target = $"socket:[{inode}]";
        foreach (var processDirectory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDirectory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(processDirectory, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget == target)
                    {
                        return new ServerProcess(pid);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that just exited.
            }
        }

        return null;
    }

    private static string? FindListeningInode(string table, int port)
    {
        if (!File.Exists(table))
        {
            return null;
        }

        const string Listen = "0A";
        var portHex = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1].EndsWith(portHex, StringComparison.Ordinal) && fields[3] == Listen)
            {
                return fields[9];
            }
        }

        return null;
    }

    /// <summary>VmRSS in bytes.</summary>
    public long ReadResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new IOException($"No VmRSS for process {Pid}.");
    }

    /// <summary>CPU time of the whole process (all threads): in all, and the part spent in the kernel (system time).</summary>
    public (TimeSpan Total, TimeSpan Kernel) ReadCpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        // The command name may contain spaces; the fields after its closing parenthesis do not.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var kernel = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (TimeSpan.FromSeconds((user + kernel) / ClockTicksPerSecond), TimeSpan.FromSeconds(kernel / ClockTicksPerSecond));
    }
}
