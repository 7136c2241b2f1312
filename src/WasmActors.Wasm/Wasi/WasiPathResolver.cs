namespace WasmActors.Wasm.Wasi;

/// <summary>
/// Turns a guest path, relative to a directory descriptor, into a host path that is guaranteed to lie inside that
/// descriptor's directory — the sandbox. It walks the path one component at a time as the kernel would, but on its
/// own terms: ".." may not climb above the starting directory, absolute paths are refused, and every symbolic link
/// met on the way is read and followed by hand, refusing absolute targets and targets that climb out. The host path
/// handed back therefore only passes through components that were checked not to be links (the final component
/// too, unless the caller asked not to follow it). Escapes fail with EPERM and a missing intermediate directory with
/// ENOENT, as under Wasmtime (whose cap-std opens one component at a time).
/// Limitation: a host process that swaps a checked directory for a link between the check and the use (a race
/// outside the guest's control) is not defended against; the guest itself cannot create absolute links.
/// </summary>
internal static class WasiPathResolver
{
    /// <summary>Longest single path component, as on Linux.</summary>
    private const int MaxComponentBytes = 255;

    /// <summary>
    /// Resolves <paramref name="guestPath"/> against the directory <paramref name="baseRelative"/> (itself relative to
    /// <paramref name="root"/>). On success <paramref name="relative"/> is the '/'-separated path below the root.
    /// </summary>
    public static WasiErrno Resolve(string root, string baseRelative, string guestPath, bool followFinal, out string relative)
    {
        relative = "";
        if (guestPath.Length == 0)
        {
            return WasiErrno.NoEntry;
        }

        if (guestPath[0] == '/')
        {
            return WasiErrno.NotPermitted;
        }

        if (guestPath.Contains('\0', StringComparison.Ordinal))
        {
            return WasiErrno.Invalid;
        }

        // The directory itself is re-walked from the root: a component that became a link since it was opened is
        // followed under the same rules instead of being trusted.
        var hops = 0;
        var resolved = new List<string>();
        var status = Walk(root, resolved, floor: 0, Split(baseRelative), followFinal: true, ref hops);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        // A trailing "/" or "/." names a directory: the last component must then be followed like any other.
        var follow = followFinal || guestPath.EndsWith('/') || guestPath.EndsWith("/.", StringComparison.Ordinal) || guestPath == ".";
        status = Walk(root, resolved, floor: resolved.Count, Split(guestPath), follow, ref hops);
        if (status != WasiErrno.Success)
        {
            return status;
        }

        relative = string.Join('/', resolved);
        return WasiErrno.Success;
    }

    /// <summary>The host path of a path relative to a preopened directory's root.</summary>
    public static string HostPath(string root, string relative) => relative.Length == 0 ? root : root + "/" + relative;

    private static WasiErrno Walk(string root, List<string> resolved, int floor, List<string> components, bool followFinal, ref int hops)
    {
        // Components still to visit, last one on top.
        var pending = new Stack<string>(Enumerable.Reverse(components));
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count <= floor)
                {
                    return WasiErrno.NotPermitted;
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            if (System.Text.Encoding.UTF8.GetByteCount(component) > MaxComponentBytes)
            {
                return WasiErrno.NameTooLong;
            }

            resolved.Add(component);

            // Drop no-op components now, so "is this the last component" is a constant-time question even when
            // links have queued thousands of them.
            while (pending.Count > 0 && pending.Peek() is "" or ".")
            {
                pending.Pop();
            }

            var isFinal = pending.Count == 0;
            if (isFinal && !followFinal)
            {
                continue;
            }

            var host = HostPath(root, string.Join('/', resolved));
            var target = LinkTarget(host);
            if (target is null)
            {
                // Every component before the last must be a directory that exists.
                if (!isFinal && !Directory.Exists(host))
                {
                    return File.Exists(host) ? WasiErrno.NotDirectory : WasiErrno.NoEntry;
                }

                continue;
            }

            if (++hops > WasiLayout.MaxSymlinkHops)
            {
                return WasiErrno.Loop;
            }

            if (target.Length == 0 || target[0] == '/')
            {
                return target.Length == 0 ? WasiErrno.NoEntry : WasiErrno.NotPermitted;
            }

            // The link's target replaces it, relative to the directory that holds the link.
            resolved.RemoveAt(resolved.Count - 1);
            var parts = Split(target);
            for (var i = parts.Count - 1; i >= 0; i--)
            {
                pending.Push(parts[i]);
            }
        }

        return WasiErrno.Success;
    }

    /// <summary>The target of a symbolic link, or null when the path is not one (or does not exist).</summary>
    internal static string? LinkTarget(string hostPath)
    {
        try
        {
            return new FileInfo(hostPath).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<string> Split(string path) => [.. path.Split('/')];
}
