using Microsoft.Win32.SafeHandles;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// The one place a guest path becomes a host file: every path is opened relative to a directory descriptor the host
/// holds, never by a host path string. On Linux 5.6+ that is openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
/// so the kernel refuses any step (a "..", an absolute path or a symbolic link, however and whenever swapped in) that
/// would leave the directory. Where openat2 is missing (ENOSYS) <see cref="Walk"/> does the same by hand, one
/// component at a time with O_NOFOLLOW, keeping a descriptor per level so ".." pops back to a held descriptor
/// instead of asking the host for a parent. Escapes are EPERM, as Wasmtime (cap-std) answers them.
/// </summary>
internal static class WasiSandbox
{
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveBeneath = 0x08;

    /// <summary>openat2 answers EAGAIN when a rename races the lookup; retried this often before walking by hand.</summary>
    private const int RaceRetries = 16;

    /// <summary>Flipped when the kernel answers ENOSYS: from then on every open walks.</summary>
    private static volatile bool s_noOpenat2;

    /// <summary>Tests force the walk on their own thread, so both lookups face the same hostile cases.</summary>
    [ThreadStatic]
    private static bool t_forceWalk;

    /// <summary>Whether paths on this thread go through openat2 (false: the component walk).</summary>
    public static bool UsesOpenat2 => !s_noOpenat2 && !t_forceWalk;

    /// <summary>Test hook: makes opens on the calling thread use the component walk.</summary>
    internal static void ForceWalk(bool walk) => t_forceWalk = walk;

    /// <summary>
    /// Opens <paramref name="path"/> below <paramref name="directory"/> with open(2) <paramref name="flags"/>; the
    /// last component is followed unless the flags hold O_NOFOLLOW. Returns the new descriptor or a host errno.
    /// </summary>
    public static WasiErrno Open(SafeFileHandle directory, string path, int flags, out SafeFileHandle handle)
    {
        handle = null!;
        if (path.Length == 0)
        {
            return WasiErrno.NoEntry;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return WasiErrno.Invalid;
        }

        if (path[0] == '/')
        {
            return WasiErrno.NotPermitted;
        }

        var fd = -HostCalls.ENOSYS;
        for (var attempt = 0; UsesOpenat2 && attempt < RaceRetries; attempt++)
        {
            fd = HostCalls.OpenAt2(directory, path, flags, 0x1B6, ResolveBeneath | ResolveNoMagicLinks);
            if (fd == -HostCalls.ENOSYS)
            {
                s_noOpenat2 = true;
            }
            else if (fd != -HostCalls.EAGAIN)
            {
                break;
            }
        }

        if (!UsesOpenat2 || fd == -HostCalls.EAGAIN)
        {
            fd = Walk(directory, path, flags);
        }

        if (fd < 0)
        {
            return fd == -HostCalls.EXDEV ? WasiErrno.NotPermitted : WasiErrors.FromHostErrno(-fd);
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        return WasiErrno.Success;
    }

    /// <summary>
    /// The directory holding the last component of <paramref name="path"/>, opened with O_PATH, and that component
    /// alone, for the *at calls. A final "." or ".." is resolved as part of the directory (the name is then "."), so
    /// no call ever receives a name that climbs. <paramref name="trailingSlash"/> says the path ended in '/'.
    /// </summary>
    public static WasiErrno OpenParent(SafeFileHandle directory, string path, out SafeFileHandle parent, out string name, out bool trailingSlash)
    {
        parent = null!;
        name = "";
        var trimmed = path.TrimEnd('/');
        trailingSlash = trimmed.Length < path.Length;
        if (path.Length == 0)
        {
            return WasiErrno.NoEntry;
        }

        if (trimmed.Length == 0)
        {
            return WasiErrno.NotPermitted;
        }

        var slash = trimmed.LastIndexOf('/');
        var last = trimmed[(slash + 1)..];
        var parentPath = slash < 0 ? "." : trimmed[..(slash + 1)];
        if (last is "." or "..")
        {
            parentPath = trimmed;
            last = ".";
        }

        name = last;
        return Open(directory, parentPath, HostCalls.PathOnly | HostCalls.Directory, out parent);
    }

    /// <summary>
    /// Like <see cref="OpenParent"/>, but a final symbolic link is followed first (when <paramref name="follow"/> or a
    /// trailing '/' asks for it): its text replaces the last component and the result is resolved again below the
    /// same held directory, at most <see cref="WasiLayout.MaxSymlinkHops"/> times. For calls such as utimensat that
    /// cannot act on an O_PATH descriptor of the object itself.
    /// </summary>
    public static WasiErrno OpenFinal(SafeFileHandle directory, string path, bool follow, out SafeFileHandle parent, out string name)
    {
        for (var hops = 0; ; hops++)
        {
            var status = OpenParent(directory, path, out parent, out name, out var trailingSlash);
            if (status != WasiErrno.Success || !(follow || trailingSlash))
            {
                return status;
            }

            var target = HostCalls.ReadLink(parent, name, out _);
            if (target is null)
            {
                return WasiErrno.Success;
            }

            parent.Dispose();
            if (hops >= WasiLayout.MaxSymlinkHops)
            {
                return WasiErrno.Loop;
            }

            if (target.Length == 0 || target[0] == (byte)'/')
            {
                return target.Length == 0 ? WasiErrno.NoEntry : WasiErrno.NotPermitted;
            }

            var trimmed = path.TrimEnd('/');
            path = trimmed[..(trimmed.LastIndexOf('/') + 1)] + System.Text.Encoding.UTF8.GetString(target) + (trailingSlash ? "/" : "");
        }
    }

    /// <summary>
    /// The fallback lookup: component by component from <paramref name="directory"/>, intermediate directories opened
    /// O_PATH | O_NOFOLLOW, links read with readlinkat and their (relative) text walked in their place, at most
    /// <see cref="WasiLayout.MaxSymlinkHops"/> of them. Returns a descriptor or -errno (-EXDEV for an escape).
    /// </summary>
    internal static int Walk(SafeFileHandle directory, string path, int flags)
    {
        var follow = (flags & HostCalls.NoFollow) == 0;
        var pending = new LinkedList<string>(path.Split('/'));
        var levels = new Stack<SafeFileHandle>();
        var hops = 0;
        try
        {
            while (true)
            {
                while (pending.First is { Value: "" or "." })
                {
                    pending.RemoveFirst();
                }

                var current = levels.Count > 0 ? levels.Peek() : directory;
                if (pending.First is null)
                {
                    // The path ended in "." or "..": the directory reached is what was asked for.
                    return HostCalls.OpenAt(current, ".", flags & ~(HostCalls.Create | HostCalls.Exclusive | HostCalls.NoFollow), 0);
                }

                var component = pending.First.Value;
                pending.RemoveFirst();
                if (component == "..")
                {
                    if (levels.Count == 0)
                    {
                        return -HostCalls.EXDEV;
                    }

                    levels.Pop().Dispose();
                    continue;
                }

                byte[]? target;
                if (pending.All(c => c is "" or "."))
                {
                    // The last component; a trailing "/" asks for a directory and makes a final link be followed.
                    var trailing = pending.Count > 0;
                    target = follow || trailing ? HostCalls.ReadLink(current, component, out _) : null;
                    if (target is null)
                    {
                        return HostCalls.OpenAt(current, component, flags | HostCalls.NoFollow | (trailing ? HostCalls.Directory : 0), 0x1B6);
                    }
                }
                else
                {
                    var fd = HostCalls.OpenAt(current, component, HostCalls.PathOnly | HostCalls.NoFollow | HostCalls.Directory, 0);
                    if (fd >= 0)
                    {
                        levels.Push(new SafeFileHandle(fd, ownsHandle: true));
                        continue;
                    }

                    target = fd == -HostCalls.ENOTDIR ? HostCalls.ReadLink(current, component, out _) : null;
                    if (target is null)
                    {
                        return fd;
                    }
                }

                if (++hops > WasiLayout.MaxSymlinkHops)
                {
                    return -HostCalls.ELOOP;
                }

                if (target.Length == 0 || target[0] == (byte)'/')
                {
                    return target.Length == 0 ? -HostCalls.ENOENT : -HostCalls.EXDEV;
                }

                var parts = System.Text.Encoding.UTF8.GetString(target).Split('/');
                for (var i = parts.Length - 1; i >= 0; i--)
                {
                    pending.AddFirst(parts[i]);
                }
            }
        }
        finally
        {
            foreach (var level in levels)
            {
                level.Dispose();
            }
        }
    }
}
