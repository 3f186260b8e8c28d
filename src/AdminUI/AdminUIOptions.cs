namespace TypedSockets.AdminUI;

/// <summary>
/// Settings of the Admin UI (configuration section <c>AdminUI</c>). The credentials are checked at every login; the
/// defaults <c>admin</c>/<c>admin</c> apply in the Development environment only, and the application refuses to start
/// outside it without credentials of its own.
/// </summary>
public sealed class AdminUIOptions
{
    /// <summary>The configuration section bound by default.</summary>
    public const string SectionName = "AdminUI";

    /// <summary>The user name the page logs in with (<c>admin</c> in Development when unset).</summary>
    public string? Username { get; set; }

    /// <summary>The password the page logs in with (<c>admin</c> in Development when unset). Or set <see cref="PasswordHash"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Instead of <see cref="Password"/>: a bcrypt hash of it (<c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>, cost 4 to 31), the
    /// form socket.io's admin server takes its <c>auth.password</c> in, so a hash from a Node deployment's configuration
    /// works unchanged and the password itself stays out of this one. Each login then costs one bcrypt verification
    /// (tens of milliseconds at cost 10).
    /// </summary>
    public string? PasswordHash { get; set; }

    /// <summary>
    /// What the dashboards are told (see <see cref="AdminUIMode"/>); unset: <see cref="AdminUIMode.Development"/> in the
    /// Development environment, otherwise <see cref="AdminUIMode.Production"/>.
    /// </summary>
    public AdminUIMode? Mode { get; set; }

    /// <summary>The Socket.IO namespace of the admin protocol; the page's default is <c>/admin</c>.</summary>
    public string Namespace { get; set; } = "/admin";

    /// <summary>The HTTP path the page is served under: <c>/admin</c> serves it at <c>/admin/</c>.</summary>
    public string PagePath { get; set; } = "/admin";

    /// <summary>When true the page can only look: join, leave, disconnect and emit are not offered nor accepted.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>This node's name in the page's server list; unset: <c>host#pid</c>, unique per process.</summary>
    public string? ServerId { get; set; }

    /// <summary>How often each node sends its <c>server_stats</c> (socket.io's admin server: every 2 s).</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a login stays valid for the page's reconnects without the password.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
