using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.SystemQuic;
using WasmActors.Transport.Tcp;

namespace WasmActors.Transport;

/// <summary>Chooses the backend a node's config asks for. "quic" (the default) means System.Net.Quic
/// where libmsquic is present, else the ngtcp2 shim; when neither can run, the node falls back to TCP
/// and says so in one line. "ngtcp2", "msquic" and "tcp" pick one backend, with the same fallback.</summary>
public static class PageTransports
{
    public const string Quic = "quic";
    public const string Ngtcp2 = "ngtcp2";
    public const string MsQuic = "msquic";
    public const string Tcp = "tcp";

    /// <summary>Every name <see cref="Select"/> takes, lower case; a node's settings check accepts the same list.</summary>
    public static IReadOnlyList<string> Names { get; } = [Quic, Ngtcp2, MsQuic, Tcp];

    /// <summary>The names for an error message: "quic, ngtcp2, msquic or tcp".</summary>
    public static string Expected { get; } = $"{string.Join(", ", Names.SkipLast(1))} or {Names[^1]}";

    public static IPageTransport Select(string kind, Action<string>? log = null)
    {
        var wanted = kind.Trim().ToLowerInvariant();
        switch (wanted)
        {
            case Tcp:
                return new TcpPageTransport();
            case Quic:
                if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
                {
                    if (SystemQuicPageTransport.IsSupported)
                    {
                        return new SystemQuicPageTransport();
                    }
                }
                if (NgQuicPageTransport.UnavailableReason is null)
                {
                    return new NgQuicPageTransport();
                }
                return FallBack(wanted, $"{NgQuicPageTransport.UnavailableReason}; System.Net.Quic is not supported either", log);
            case Ngtcp2:
                return NgQuicPageTransport.UnavailableReason is { } ngReason ? FallBack(wanted, ngReason, log) : new NgQuicPageTransport();
            case MsQuic:
                if ((OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) && SystemQuicPageTransport.IsSupported)
                {
                    return new SystemQuicPageTransport();
                }
                return FallBack(wanted, "System.Net.Quic is not supported here (libmsquic is not installed)", log);
            default:
                throw new ArgumentException($"unknown page transport '{kind}' (expected {Expected})", nameof(kind));
        }
    }

    private static TcpPageTransport FallBack(string wanted, string reason, Action<string>? log)
    {
        log?.Invoke($"page transport: {wanted} is unavailable ({reason}); falling back to tcp");
        return new TcpPageTransport();
    }
}
