using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// A hub or typed client the generator could not give JSON metadata does not vanish: mapping or connecting fails and
/// says the fix.
/// </summary>
public sealed class UnservableHubTests
{
    [Fact]
    public async Task MapHub_of_a_hub_whose_json_types_no_context_lists_fails_and_says_how_to_fix_it()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddTypedSockets();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapHub<UnservableHub>());

        Assert.Equal(
            "Hub 'UnservableHub' cannot be served: no JsonSerializerContext of its assembly lists every one of its JSON types "
                + "(TypedSockets.Tests.Hubs.Note, TypedSockets.Tests.Hubs.Unlisted; warning TSK2001). "
                + "Add [JsonSerializable(typeof(T))] for each to a JsonSerializerContext, or name one with [Hub(JsonContext = typeof(…))].",
            error.Message);
        Assert.Null(app.Services.GetService<IHubContext<UnservableHub, ITestClient>>());
    }

    [Fact]
    public async Task ConnectAsync_of_a_client_whose_json_types_no_context_lists_fails_and_says_how_to_fix_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => UnusableClient.ConnectAsync(new Uri("http://127.0.0.1:1"), new RecordingReceiver()));

        Assert.Equal(
            "Client 'UnusableClient' cannot connect: no JsonSerializerContext of its assembly lists every one of its JSON types "
                + "(TypedSockets.Tests.Hubs.Note, TypedSockets.Tests.Hubs.Unlisted; warning TSK2001). "
                + "Add [JsonSerializable(typeof(T))] for each to a JsonSerializerContext, or name one with [TypedSocketsClient(JsonContext = typeof(…))].",
            error.Message);
    }
}
