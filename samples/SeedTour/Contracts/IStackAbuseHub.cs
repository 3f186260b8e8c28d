namespace SeedTour.Contracts;

/// <summary>Client to server in namespace <c>/stackabuse</c>: the seed's clients send nothing there.</summary>
public interface IStackAbuseHub;
