using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace TypedSockets.EngineIO;

/// <summary>
/// Decides whether a request's <c>Origin</c> may use the endpoint and writes the CORS response headers for
/// allowed cross-origin requests. The allowed origin is echoed (never <c>*</c>), so credentials and
/// caches (<c>Vary: Origin</c>) behave the same for every configuration.
/// </summary>
internal sealed class EngineOriginPolicy
{
    // The values Apply sets, spelled as WriteCorsHeaderLines writes them.
    private const string VaryValue = "Origin";
    private const string AllowCredentialsValue = "true";

    private readonly HashSet<string> _origins;
    private readonly bool _allowsAny;
    private readonly bool _allowsCredentials;
    private readonly Func<string, bool>? _isOriginAllowed;

    public EngineOriginPolicy(EngineOptions options)
    {
        _origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in options.AllowedOrigins)
        {
            if (origin == "*")
            {
                _allowsAny = true;
            }
            else
            {
                _origins.Add(origin.TrimEnd('/'));
            }
        }

        _allowsCredentials = options.AllowCredentials;
        _isOriginAllowed = options.IsOriginAllowed;
    }

    /// <summary>
    /// True when the request may go on: no <c>Origin</c> (not a browser), the endpoint's own origin, or an
    /// allowed one (then the CORS headers are set on the response).
    /// </summary>
    public bool Apply(HttpContext context, out string? refusedOrigin)
    {
        refusedOrigin = null;
        var origin = context.Request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin))
        {
            return true;
        }

        var value = origin.ToString();
        var request = context.Request;
        if (origin.Count == 1 && Allows(value, request.Scheme, request.Host.Value, out var crossOrigin))
        {
            if (crossOrigin)
            {
                var headers = context.Response.Headers;
                headers.AccessControlAllowOrigin = value;
                headers.Vary = VaryValue;
                if (_allowsCredentials)
                {
                    headers.AccessControlAllowCredentials = AllowCredentialsValue;
                }
            }

            return true;
        }

        refusedOrigin = value;
        return false;
    }

    /// <summary>
    /// The decision itself, for <see cref="Apply"/> and for a request read off the raw connection (the fast path):
    /// true when allowed, with <paramref name="crossOrigin"/> set when the response carries the CORS headers.
    /// </summary>
    public bool Allows(string origin, string scheme, string? host, out bool crossOrigin)
    {
        crossOrigin = _allowsAny || _origins.Contains(origin) || (_isOriginAllowed?.Invoke(origin) ?? false);
        return crossOrigin || IsSameOrigin(scheme, host, origin);
    }

    /// <summary>Room <see cref="WriteCorsHeaderLines"/> needs for an origin of <paramref name="originLength"/> bytes.</summary>
    public static int MaxCorsHeaderLinesLength(int originLength) => 96 + originLength;

    /// <summary>
    /// The CORS headers <see cref="Apply"/> sets for an allowed cross-origin request, as raw header lines (each
    /// ending in CRLF) for a response written without the HTTP server; returns the bytes written.
    /// </summary>
    public int WriteCorsHeaderLines(ReadOnlySpan<byte> origin, Span<byte> destination)
    {
        var written = 0;
        Append(destination, ref written, "Access-Control-Allow-Origin: "u8);
        Append(destination, ref written, origin);
        Append(destination, ref written, "\r\nVary: Origin\r\n"u8);
        if (_allowsCredentials)
        {
            Append(destination, ref written, "Access-Control-Allow-Credentials: true\r\n"u8);
        }

        return written;
    }

    /// <summary>Answers a CORS preflight (after <see cref="Apply"/> allowed it): 204 with the methods and headers allowed.</summary>
    public static void WritePreflight(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        var requested = context.Request.Headers.AccessControlRequestHeaders;
        if (!StringValues.IsNullOrEmpty(requested))
        {
            headers.AccessControlAllowHeaders = requested;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static void Append(Span<byte> destination, ref int written, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[written..]);
        written += bytes.Length;
    }

    private static bool IsSameOrigin(string scheme, string? host, string origin)
    {
        return host is not null
            && origin.Length == scheme.Length + 3 + host.Length
            && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && origin.AsSpan(scheme.Length).StartsWith("://", StringComparison.Ordinal)
            && origin.AsSpan(scheme.Length + 3).Equals(host, StringComparison.OrdinalIgnoreCase);
    }
}
