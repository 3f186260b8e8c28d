using SeedTour.Contracts;
using SeedTourClient;

// Plays every event of SeedTour's contract (docs/samples.md) against samples/SeedTour with the generated typed client.
// Usage: dotnet run --project samples/SeedTourClient -- [server url, default http://localhost:8080]
var server = new Uri(args.Length > 0 ? args[0] : "http://localhost:8080");
var receiver = new ConsoleReceiver();
var timeout = TimeSpan.FromSeconds(5);

await using var tour = await TourClient.ConnectAsync(server, receiver);
Console.WriteLine($"connected to / as {tour.Connection.Id}");

var receipt = await tour.Hub.Event(new ChatMessage("hello from the typed client"));
Console.WriteLine($"event acked: received {receipt.Received}");
Console.WriteLine($"join blue: {await tour.Hub.Join(System.Text.Json.JsonSerializer.SerializeToElement("blue", SeedTourJsonContext.Default.String))}");
Console.WriteLine($"join Bad: {await tour.Hub.Join(System.Text.Json.JsonSerializer.SerializeToElement("Bad", SeedTourJsonContext.Default.String))}");
await tour.Hub.ToRoom(new RoomMessage("blue", "hi blue"));
await receiver.SomeEventReceived.WaitAsync(timeout);
Console.WriteLine($"leave blue: {await tour.Hub.Leave(System.Text.Json.JsonSerializer.SerializeToElement("blue", SeedTourJsonContext.Default.String))}");
Console.WriteLine($"add 1 + 2 = {await tour.Hub.Add(1, 2)}");
var echoed = await tour.Hub.EchoBinary([0, 1, 2, 0xfe, 0xff]);
Console.WriteLine($"echoBinary: {Convert.ToHexString(echoed)}");

await using var stackAbuse = await StackAbuseClient.ConnectAsync(server, receiver);
await receiver.StackAbuseStatsReceived.WaitAsync(timeout);
Console.WriteLine("tour complete");
