using System.Globalization;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// A process' open-file limit (the soft RLIMIT_NOFILE, from /proc/PID/limits) and how many descriptors it holds now
/// (/proc/PID/fd). Every connection costs one descriptor on each side, so these bound how many connections a run can hold.
/// </summary>
internal static class OpenFiles
{
    /// <summary>The soft limit of <paramref name="pid"/> ("self" when null); null when it cannot be read.</summary>
    public static int? Limit(int? pid = null)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Name(pid)}/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return soft == "unlimited" ? int.MaxValue : int.Parse(soft, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux, or another user's process.
        }

        return null;
    }

    /// <summary>Descriptors <paramref name="pid"/> ("self" when null) holds now; null when they cannot be listed.</summary>
    public static int? Open(int? pid = null)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{Name(pid)}/fd").Count();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Name(int? pid) => pid?.ToString(CultureInfo.InvariantCulture) ?? "self";
}
