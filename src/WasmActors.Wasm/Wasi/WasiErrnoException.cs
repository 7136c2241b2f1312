namespace WasmActors.Wasm.Wasi;

/// <summary>
/// A WASI failure found deep inside a helper (e.g. a restored descriptor whose path no longer resolves inside its
/// preopen); the entry point's guard turns it into the errno the guest sees.
/// </summary>
internal sealed class WasiErrnoException(WasiErrno errno) : Exception($"WASI errno {errno}")
{
    public WasiErrno Errno { get; } = errno;
}
