namespace SeedTour.Contracts;

/// <summary>The ack of <c>whoami</c>: the claim <c>name</c> (else <c>sub</c>) and the role claims.</summary>
public sealed record Identity(string Name, IReadOnlyList<string> Roles);

/// <summary>The ack of <c>adminOnly</c>.</summary>
public sealed record AdminResult(bool Ok);

/// <summary>What the other sockets of <c>/private</c> receive for a <c>shout</c>.</summary>
public sealed record Shout(string From, string Text);
