namespace WasmActors.Wasm.Wasi;

/// <summary>A host directory the guest sees under <see cref="GuestPath"/>; nothing outside it is reachable.</summary>
public sealed record WasiPreopen(string HostPath, string GuestPath)
{
    /// <summary>
    /// Parses the command-line form <c>HOST[::GUEST]</c>, as wasmtime's <c>--dir</c> takes it; without a guest
    /// part the guest sees the directory under the same path.
    /// </summary>
    public static WasiPreopen Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf("::", StringComparison.Ordinal);
        var host = separator < 0 ? text : text[..separator];
        var guest = separator < 0 ? text : text[(separator + 2)..];
        if (host.Length == 0 || guest.Length == 0)
        {
            throw new FormatException($"expected HOST[::GUEST], got \"{text}\"");
        }

        return new WasiPreopen(host, guest);
    }
}
