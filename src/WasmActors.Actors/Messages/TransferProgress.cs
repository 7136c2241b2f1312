namespace WasmActors.Actors.Messages;

/// <summary>
/// How far a long transfer got, sent to the <c>Progress</c> actor a request names (deploy, snapshot, fork, migrate) as
/// its parts are acknowledged or fetched: <paramref name="Bytes"/> of <paramref name="TotalBytes"/> (-1: not known in
/// advance) in <paramref name="Parts"/> of <paramref name="TotalParts"/> parts (-1: not known). <paramref name="What"/>
/// says which transfer ("module upload", "snapshot upload", "restore fetch"). Only progress: the request's reply
/// still comes to its sender.
/// </summary>
public sealed record TransferProgress(long RequestId, string What, long Bytes, long TotalBytes, int Parts, int TotalParts) : ICorrelatedMessage;
