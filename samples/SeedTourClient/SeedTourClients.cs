using SeedTour.Contracts;
using TypedSockets.Client;

namespace SeedTourClient;

/// <summary>The typed client of the default namespace, written by the generator.</summary>
[TypedSocketsClient(typeof(ISeedTourHub), typeof(ISeedTourClient), JsonContext = typeof(SeedTourJsonContext))]
public sealed partial class TourClient;

/// <summary>The typed client of <c>/stackabuse</c>.</summary>
[TypedSocketsClient(typeof(IStackAbuseHub), typeof(IStackAbuseClient), Namespace = "/stackabuse", JsonContext = typeof(SeedTourJsonContext))]
public sealed partial class StackAbuseClient;
