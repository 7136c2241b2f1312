using System.Reflection;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Format;

/// <summary>The versions a snapshot file records and a reader insists on.</summary>
internal static class SnapshotVersion
{
    /// <summary>
    /// The layout of the file itself; bumped on any change to docs/snapshot-format.md (2: the WASI state records the
    /// guest's monotonic time; 3: a memory record names page lists of 256 pages instead of listing every page). A
    /// reader refuses every other version.
    /// </summary>
    public const uint Format = 3;

    /// <summary>
    /// The engine that wrote a snapshot. A paused stack names positions in the engine's decoded code, which is a
    /// function of the module bytes and of the engine's build, so a snapshot only restores on the same engine.
    /// </summary>
    public static string Engine { get; } =
        typeof(Store).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Store).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
