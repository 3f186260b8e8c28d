// Filled by the WebSocket layer work: a raw /echo endpoint on our own framing (DESIGN §6).
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
