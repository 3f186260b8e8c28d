namespace SeedTour.Contracts;

/// <summary>Server to client in namespace <c>/stackabuse</c>.</summary>
public interface IStackAbuseClient
{
    Task Stats(StackAbuseStats stats);
}
