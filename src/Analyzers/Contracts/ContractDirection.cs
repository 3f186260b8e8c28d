namespace TypedSockets.Analyzers;

/// <summary>Which way a contract's events travel; the rules for return types and tokens differ.</summary>
internal enum ContractDirection
{
    ClientToServer,
    ServerToClient,
}
