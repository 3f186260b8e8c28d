namespace SeedTour.Contracts;

public sealed record ChatMessage(string? Message);

public sealed record Receipt(string? Received);

public sealed record Announcement(string Message);

public sealed record Stats(int NumClients);

public sealed record RoomMessage(string? Room, string? Text);

public sealed record StackAbuseStats(string Data);
