using System.Text;
using TypedSockets.EngineIO;

namespace TypedSockets.Hosting;

/// <summary>
/// The Engine.IO endpoints the fast path may serve, by path: filled by <c>MapSocketIO</c> (and
/// <c>MapEngineIO</c>) when the application maps them, read by every connection the fast path peeks at.
/// </summary>
internal sealed class FastPathRoutes
{
    private readonly Lock _lock = new();
    private volatile Route[] _routes = [];

    /// <summary>Serves <paramref name="path"/> with <paramref name="server"/> (matched as routing does: any case, trailing slash optional).</summary>
    public void Add(string path, EngineServer server)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var route = new Route(Encoding.ASCII.GetBytes(trimmed), path, server);
        lock (_lock)
        {
            _routes = [.. _routes, route];
        }
    }

    /// <summary>The server mapped at <paramref name="path"/> (the raw request path, without its query), or null.</summary>
    public EngineServer? Find(ReadOnlySpan<byte> path, out string mappedPath)
    {
        if (path.Length > 1 && path[^1] == (byte)'/')
        {
            path = path[..^1];
        }

        foreach (var route in _routes)
        {
            if (Ascii.EqualsIgnoreCase(path, route.Path))
            {
                mappedPath = route.MappedPath;
                return route.Server;
            }
        }

        mappedPath = string.Empty;
        return null;
    }

    private sealed record Route(byte[] Path, string MappedPath, EngineServer Server);
}
