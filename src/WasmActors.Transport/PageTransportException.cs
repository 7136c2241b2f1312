namespace WasmActors.Transport;

/// <summary>Why a page transfer failed; every failure of the bulk path maps to exactly one of these.</summary>
public enum PageTransportError
{
    /// <summary>The peer could not be reached or the handshake did not finish in time.</summary>
    ConnectFailed,
    /// <summary>The peer stopped answering within the configured timeout.</summary>
    Timeout,
    /// <summary>The connection closed (peer gone, reset, or closed locally) while the request was open.</summary>
    ConnectionClosed,
    /// <summary>The peer sent bytes that are not a valid frame of this protocol.</summary>
    ProtocolViolation,
    /// <summary>A frame or request exceeded a configured bound.</summary>
    LimitExceeded,
    /// <summary>A page arrived whose xxHash3 checksum does not match its bytes.</summary>
    ChecksumMismatch,
    /// <summary>The peer's TLS certificate is not the pinned one and not issued by a trusted CA.</summary>
    CertificateRejected,
    /// <summary>The server refused the cluster credentials.</summary>
    Unauthenticated,
    /// <summary>The server does not hold the requested region version.</summary>
    UnknownRegion,
    /// <summary>A requested page lies outside the region.</summary>
    PageOutOfRange,
    /// <summary>The server failed to read the pages from its provider.</summary>
    ServerFailure,
    /// <summary>The transport cannot run here (e.g. the native library or libmsquic is missing).</summary>
    Unsupported,
}

/// <summary>The one exception type the page transport throws for transfer failures (cancellation
/// by the caller's token still surfaces as <see cref="OperationCanceledException"/>).</summary>
public sealed class PageTransportException : Exception
{
    public PageTransportException(PageTransportError error, string message, Exception? inner = null)
        : base($"{error}: {message}", inner)
    {
        Error = error;
    }

    public PageTransportError Error { get; }
}
