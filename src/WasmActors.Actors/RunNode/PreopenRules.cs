using WasmActors.Actors.Configuration;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Which host directories a deploy may hand to a program: only existing directories inside one of the node's
/// configured roots (wasmactors.run-node.preopen-roots), judged on their real paths so a symbolic link cannot lead
/// out. Inside a preopen the WASI layer's own sandbox applies (no path may leave it).
/// </summary>
internal static class PreopenRules
{
    /// <summary>Null when every entry is allowed (<paramref name="preopens"/> then holds them), else the reason for refusing.</summary>
    public static string? Check(IReadOnlyList<string> entries, IReadOnlyList<string> roots, out WasiPreopen[] preopens)
    {
        preopens = [];
        if (entries.Count == 0)
        {
            return null;
        }

        if (roots.Count == 0)
        {
            return "this run node allows no preopened directories (set wasmactors.run-node.preopen-roots)";
        }

        var realRoots = roots.Select(RealPath).ToArray();
        var result = new List<WasiPreopen>();
        foreach (var entry in entries)
        {
            if (WasmActorsSettings.ParsePreopen(entry) is not { } preopen)
            {
                return $"--dir {entry}: expected HOST[::GUEST]";
            }

            if (!Directory.Exists(preopen.HostPath))
            {
                return $"--dir {entry}: {preopen.HostPath} is not a directory on this run node";
            }

            var real = RealPath(preopen.HostPath);
            if (!realRoots.Any(root => real == root || real.StartsWith(root.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                return $"--dir {entry}: {real} is outside this run node's preopen roots ({string.Join(", ", realRoots)})";
            }

            result.Add(new WasiPreopen(real, preopen.GuestPath));
        }

        preopens = [.. result];
        return null;
    }

    /// <summary>The absolute path with every symbolic link along it resolved.</summary>
    private static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var parts = full.Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = System.IO.Path.GetPathRoot(full) ?? "/";
        // Bounded by the path's length: each part is looked at once, and a link's target is resolved to its end by the OS.
        foreach (var part in parts)
        {
            current = System.IO.Path.Combine(current, part);
            if (new DirectoryInfo(current).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = System.IO.Path.GetFullPath(target.FullName);
            }
        }

        return current;
    }
}
