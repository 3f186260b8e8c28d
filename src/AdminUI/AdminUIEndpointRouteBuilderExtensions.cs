using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TypedSockets.AdminUI;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Serves the socket.io Admin UI that <c>AddAdminUI</c> added.</summary>
public static class AdminUIEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Starts the server side of the Admin UI on this node (the admin namespace, its login and reports, the periodic
    /// server stats) and serves the page at <see cref="AdminUIOptions.PagePath"/> (<c>/admin/</c>). The page connects
    /// back to the Socket.IO endpoint of this application (<c>/socket.io</c>), so map it with <c>MapSocketIO</c> or
    /// <c>MapHub</c> too. Outside the Development environment the credentials must be configured, or this throws.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The page's endpoints, to add authorization or other conventions to.</returns>
    public static IEndpointConventionBuilder MapAdminUI(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var server = services.GetService<AdminUIServer>()
            ?? throw new InvalidOperationException("Call services.AddTypedSockets().AddAdminUI() before MapAdminUI.");
        var options = services.GetRequiredService<IOptions<AdminUIOptions>>().Value;
        var page = new AdminUIPage(server.Namespace.Name);
        var pagePath = options.PagePath;
        var group = endpoints.MapGroup(pagePath);
        // The page's files are named relative to it: /admin must become /admin/.
        // RequestDelegate endpoints: no delegate inference, so trimming and Native AOT stay warning-free.
        group.MapGet(string.Empty, context => context.Request.Path.Value!.EndsWith('/')
            ? page.Serve(context, null).ExecuteAsync(context)
            : Results.Redirect(pagePath + "/" + context.Request.QueryString).ExecuteAsync(context));
        group.MapGet("/{**path}", context => page.Serve(context, context.Request.RouteValues["path"] as string).ExecuteAsync(context));
        return group;
    }
}
