using TypedSockets.Hosting;

namespace SeedTour;

/// <summary>
/// <c>--admin-ui</c> (off by default): the socket.io Admin UI at <c>/admin/</c> and its <c>/admin</c> namespace, with the
/// credentials of configuration <c>AdminUI:Username</c>/<c>AdminUI:Password</c> (docs/admin-ui.md). The defaults
/// <c>admin</c>/<c>admin</c> are accepted in the Development environment only (<c>--environment Development</c>);
/// elsewhere the sample refuses to start without credentials of your own. Without the flag, <c>/admin</c> is an unknown
/// namespace like any other.
/// </summary>
internal static class SeedTourAdminUI
{
    private const string Flag = "--admin-ui";

    /// <summary>Whether the flag was given; it is removed from <paramref name="args"/>, being a switch without a value.</summary>
    public static bool TakeFlag(ref string[] args)
    {
        if (Array.IndexOf(args, Flag) < 0)
        {
            return false;
        }

        args = Array.FindAll(args, static arg => arg != Flag);
        return true;
    }

    /// <summary>With the flag: the Admin UI's services, its settings from the configuration section <c>AdminUI</c>.</summary>
    public static void AddSeedTourAdminUI(this TypedSocketsBuilder sockets, bool enabled, IConfiguration configuration)
    {
        if (enabled)
        {
            sockets.AddAdminUI(configuration.GetSection("AdminUI"));
        }
    }

    /// <summary>With the flag: the page at <c>/admin/</c> and the <c>/admin</c> namespace.</summary>
    public static void MapSeedTourAdminUI(this WebApplication app, bool enabled)
    {
        if (enabled)
        {
            app.MapAdminUI();
        }
    }
}
