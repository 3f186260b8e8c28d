namespace SeedTour;

/// <summary>
/// <c>--recovery</c> turns on connection state recovery for the sample (off by default, as in socket.io: with it on,
/// every recoverable packet carries an offset argument). A bare flag is not something the command-line configuration
/// reads, so it becomes the option it stands for; the window is the default, 2 minutes.
/// </summary>
internal static class RecoveryFlag
{
    public static string[] Expand(string[] args)
    {
        var index = Array.IndexOf(args, "--recovery");
        if (index < 0)
        {
            return args;
        }

        var expanded = new List<string>(args);
        expanded[index] = "--TypedSockets:SocketIO:ConnectionStateRecovery:Enabled=true";
        return [.. expanded];
    }
}
