using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TypedSockets.AdminUI;

/// <summary>
/// The page's files, embedded in this assembly at build time from the npm package (resources named <c>AdminUI/path</c>).
/// <c>index.html</c> gets one inline script that pre-fills the page's server address with the origin that served it (and
/// the namespace, when it is not <c>/admin</c>), unless the browser already saved one.
/// </summary>
internal sealed class AdminUIPage
{
    private const string ResourcePrefix = "AdminUI/";
    private readonly FrozenDictionary<string, Asset> _assets;

    internal AdminUIPage(string adminNamespace)
    {
        var assembly = typeof(AdminUIPage).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var path = name[ResourcePrefix.Length..];
            var bytes = copy.ToArray();
            if (path == "index.html")
            {
                bytes = WithServerAddress(bytes, adminNamespace);
            }

            assets[path] = new Asset(bytes, ContentType(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 16) + "\"");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether the build embedded the page (it always does; a test checks it).</summary>
    internal bool IsEmbedded => _assets.ContainsKey("index.html");

    internal IResult Serve(HttpContext context, string? path)
    {
        path = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!_assets.TryGetValue(path, out var asset))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // The hashed file names (js/app.0d7d7845.js) never change content; the page itself is revalidated.
        headers.CacheControl = path == "index.html" ? "no-cache" : "public, max-age=86400";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static byte[] WithServerAddress(byte[] html, string adminNamespace)
    {
        var text = Encoding.UTF8.GetString(html);
        var namespaceLine = adminNamespace == "/admin" ? string.Empty : $"s.getItem(\"namespace\")||s.setItem(\"namespace\",\"{adminNamespace}\");";
        var script = "<script>try{var s=localStorage;s.getItem(\"server_url\")||s.setItem(\"server_url\",location.origin);" + namespaceLine + "}catch(e){}</script>";
        var head = text.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        return Encoding.UTF8.GetBytes(head < 0 ? script + text : text.Insert(head, script));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
