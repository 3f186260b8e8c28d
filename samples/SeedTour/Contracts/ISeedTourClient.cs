using TypedSockets.Hubs;

namespace SeedTour.Contracts;

/// <summary>Server to client in namespace <c>/</c>.</summary>
public interface ISeedTourClient
{
    Task Announcements(Announcement announcement);

    Task Stats(Stats stats);

    [Event("some event")]
    Task SomeEvent(RoomMessage message);
}
