using SeedTour.Hubs;

// The seed's socket.io tour (DESIGN §5) as typed hubs: the generator writes dispatch, proxies and registration.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services.AddTypedSockets();
var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();

// socket.io serves its browser client next to the endpoint; so does this sample, from the npm package the build installed.
var clientBundle = Path.Combine(app.Environment.ContentRootPath, "node_modules", "socket.io-client", "dist", "socket.io.min.js");
app.MapGet("/socket.io/socket.io.js", () => Results.File(clientBundle, "application/javascript; charset=utf-8"));

app.MapHub<SeedTourHub>();
app.MapHub<StackAbuseHub>();

app.Run();
