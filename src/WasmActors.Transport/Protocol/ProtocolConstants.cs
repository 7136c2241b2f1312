namespace WasmActors.Transport.Protocol;

internal static class ProtocolConstants
{
    /// <summary>ALPN for both QUIC and TLS-over-TCP.</summary>
    public const string Alpn = "wasmactors-pages/1";

    /// <summary>"WAPG" little-endian: first four bytes of a Hello body.</summary>
    public const uint HelloMagic = 0x47504157;

    /// <summary>2: Hello lost its cluster proof (clients authenticate with their TLS certificate instead).</summary>
    public const ushort Version = 2;

    /// <summary>u32 length + u8 type + u8 flags + u16 reserved + u64 request id.</summary>
    public const int HeaderBytes = 16;

    /// <summary>The length field counts everything after itself.</summary>
    public const int LengthFieldBytes = 4;

    /// <summary>Fixed part of a Pages body before the checksums: region, version, first, count, page size, reserved.</summary>
    public const int PagesFixedBytes = 8 + 8 + 4 + 4 + 4 + 4;

    /// <summary>Fixed part of a Fetch body before the ranges: region, version, mode + 3 reserved, range count.</summary>
    public const int FetchFixedBytes = 8 + 8 + 4 + 4;

    /// <summary>Smallest frame every peer must accept (a Hello, an Error with a short message, one 64 KiB page).</summary>
    public const int MinMaxFrameBytes = 64 * 1024 + 1024;

    public const int MaxErrorMessageBytes = 512;
}
