namespace WasmActors.Transport.Protocol;

/// <summary>The frame kinds of page protocol version 1 (see docs/page-protocol.md).</summary>
internal enum FrameType : byte
{
    Hello = 1,
    HelloAck = 2,
    Fetch = 3,
    Pages = 4,
    Error = 5,
    Cancel = 6,
}

/// <summary>How the server should deliver a request's pages.</summary>
internal enum FetchMode : byte
{
    /// <summary>The caller waits for all pages.</summary>
    Fetch = 0,
    /// <summary>Prefetch: the caller consumes pages as they arrive and may cancel; served after fetches.</summary>
    Push = 1,
}

/// <summary>Error codes carried by an Error frame.</summary>
internal enum WireErrorCode : uint
{
    UnknownRegion = 1,
    PageOutOfRange = 2,
    LimitExceeded = 3,
    ServerFailure = 4,
    Unauthenticated = 5,
    ProtocolViolation = 6,
}
