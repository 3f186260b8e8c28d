using System.Globalization;
using SeedTour;
using SeedTour.Hubs;

// The seed's socket.io tour (docs/samples.md) as typed hubs: the generator writes dispatch, proxies and registration.
args = RecoveryFlag.Expand(args); // --recovery: connection state recovery (off by default)
// --admin-ui: the socket.io Admin UI at /admin/ (SeedTourAdminUI.cs).
var adminUI = SeedTourAdminUI.TakeFlag(ref args);
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services.AddHealthChecks();
// GET /metrics: the TypedSockets meter (and ASP.NET Core's) in the Prometheus text format (Metrics.cs).
builder.AddPrometheusMetrics();
builder.Services.AddSingleton<SeedTourStats>();
// JWT bearer for the /private namespace (Auth:SigningKey; the built-in default is for development only).
builder.AddPrivateAuthentication();
// Options from the section "TypedSockets" (appsettings, environment, command line); none set means the defaults.
var sockets = builder.Services.AddTypedSockets(builder.Configuration.GetSection("TypedSockets"));
sockets.AddSeedTourAdminUI(adminUI, builder.Configuration);

// --redis 127.0.0.1:6379 (or configuration "Redis") makes this process one node of a cluster.
if (builder.Configuration["Redis"] is { Length: > 0 } redis)
{
    sockets.AddRedis(redis, options =>
    {
        options.Protocol = RedisProtocolOption.Read(builder.Configuration);
        if (TimeSpan.TryParse(builder.Configuration["RedisNodeTimeout"], CultureInfo.InvariantCulture, out var timeout))
        {
            options.NodeTimeout = timeout;
            options.HeartbeatInterval = timeout / 3;
        }
    });
}

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.UseAuthentication();

app.UseDefaultFiles();
app.UseStaticFiles();

// socket.io serves its browser client next to the endpoint; so does this sample, from the npm package the build installed.
var clientBundle = Path.Combine(app.Environment.ContentRootPath, "node_modules", "socket.io-client", "dist", "socket.io.min.js");
app.MapGet("/socket.io/socket.io.js", () => Results.File(clientBundle, "application/javascript; charset=utf-8"));

app.MapHub<SeedTourHub>();
app.MapHub<StackAbuseHub>();
app.MapHub<PrivateHub>();
app.MapSeedTourAdminUI(adminUI);
app.Services.GetRequiredService<SeedTourStats>().ListenToCluster();

app.Run();
