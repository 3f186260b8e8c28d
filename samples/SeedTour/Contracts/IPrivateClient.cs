namespace SeedTour.Contracts;

/// <summary>Server to client in namespace <c>/private</c>: <c>shout</c> is heard by the other sockets there.</summary>
public interface IPrivateClient
{
    Task Shouted(Shout shout);
}
