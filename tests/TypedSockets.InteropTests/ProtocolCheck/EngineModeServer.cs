namespace TypedSockets.Tests.ProtocolCheck;

/// <summary>ProtocolCheck with <c>--mode engineio</c>: an Engine.IO echo at <c>/engine.io/</c>.</summary>
public sealed class EngineModeServer() : ProtocolCheckServer("engineio", "/engine.io/");
