namespace WasmActors.Wasm.Runtime;

/// <summary>
/// Where a linear memory gets a page it does not hold yet: the software page fault's handler.
/// Implementations: the zero source (a fresh memory), a local snapshot, a remote fetch.
/// </summary>
internal interface IPageSource
{
    /// <summary>
    /// Returns the content of engine page <paramref name="pageIndex"/> (exactly one page of bytes), or null when the
    /// page is all zeros. The memory maps the array read-only and copies it before its first write, so an
    /// implementation may hand the same array to many memories. May block (a remote fetch) and may throw a
    /// <see cref="WasmTrapException"/> (e.g. the source is unavailable); the faulting access then traps.
    /// </summary>
    byte[]? GetPage(uint pageIndex);
}

/// <summary>The source of a fresh memory: every page is zero.</summary>
internal sealed class ZeroPageSource : IPageSource
{
    public static readonly ZeroPageSource Instance = new();

    private ZeroPageSource()
    {
    }

    public byte[]? GetPage(uint pageIndex) => null;
}
