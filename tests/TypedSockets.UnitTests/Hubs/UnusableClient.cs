namespace TypedSockets.Tests.Hubs;

/// <summary>A typed client whose wire type no context lists (TSK2001 outside AOT): it compiles, and connecting fails.</summary>
[TypedSockets.Client.TypedSocketsClient(typeof(IUnservableHub), typeof(ITestClient), Namespace = "/unservable")]
public sealed partial class UnusableClient;
