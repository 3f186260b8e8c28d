namespace TypedSockets.Tests.ProtocolCheck;

/// <summary>ProtocolCheck with <c>--mode socketio</c>: namespaces <c>/</c> and <c>/custom</c> at <c>/socket.io/</c>.</summary>
public sealed class SocketModeServer() : ProtocolCheckServer("socketio", "/socket.io/");
