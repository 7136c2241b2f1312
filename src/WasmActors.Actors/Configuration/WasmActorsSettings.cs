using Akka.Actor;
using Akka.Configuration;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Configuration;

/// <summary>Bulk page path settings (wasmactors.bulk).</summary>
public sealed record BulkSettings(
    bool Enabled,
    string Transport,
    string Hostname,
    int Port,
    string CertificatePem,
    string PrivateKeyPem,
    bool TcpTls,
    TimeSpan RequestTimeout);

/// <summary>Bounds of one run-node cache (wasmactors.run-node.*-cache): entries, bytes, and how long an unused entry stays.</summary>
public sealed record CacheBounds(int MaxEntries, long MaxBytes, TimeSpan IdleTimeout);

/// <summary>Run node settings (wasmactors.run-node).</summary>
public sealed record RunNodeSettings(
    CacheBounds RestoreCache,
    CacheBounds ModuleCache,
    CacheBounds MemoryProxies,
    TimeSpan CacheSweepInterval,
    IReadOnlyList<string> PreopenRoots,
    IReadOnlyList<Wasm.Wasi.WasiPreopen> Preopens)
{
    /// <summary>Nice value of engine threads (Linux), so the node's control threads keep answering while guests compute.</summary>
    public int EngineThreadNice { get; init; }

    /// <summary>
    /// Instances that may execute guest code at once (wasmactors.run-node.run-slots); 0 for no bound (every
    /// instance runs whenever its thread is scheduled).
    /// </summary>
    public int RunSlots { get; init; } = Environment.ProcessorCount;

    /// <summary>How long an instance keeps its run slot while others wait (wasmactors.run-node.time-slice).</summary>
    public TimeSpan TimeSlice { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a snapshot or migration asked for before any memory node is known waits for one (wasmactors.run-node.memory-node-wait).</summary>
    public TimeSpan MemoryNodeWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each program's limits unless its request asks for others (wasmactors.run-node.limits).</summary>
    public InstanceLimits Limits { get; init; } = InstanceLimits.Read(WasmActorsConfig.Reference.GetConfig("wasmactors.run-node.limits"));

    /// <summary>Most instances on the node at once (wasmactors.run-node.max-instances).</summary>
    public int MaxInstances { get; init; } = WasmActorsConfig.Reference.GetInt("wasmactors.run-node.max-instances");

    /// <summary>Most addressable guest memory summed over the node's instances; null for no bound (wasmactors.run-node.max-guest-memory).</summary>
    public long? MaxGuestMemoryBytes { get; init; }

    public static RunNodeSettings Default { get; } = new(
        new CacheBounds(64, long.MaxValue, TimeSpan.FromMinutes(10)),
        new CacheBounds(256, 1L << 30, TimeSpan.FromMinutes(30)),
        new CacheBounds(256, long.MaxValue, TimeSpan.FromMinutes(10)),
        TimeSpan.FromSeconds(30),
        [],
        []);
}

/// <summary>Memory node settings (wasmactors.memory-node).</summary>
/// <param name="MaxBytes">Most snapshot bytes the node holds, uploads in progress included; one that would go over is refused.</param>
public sealed record MemoryNodeSettings(long MaxBytes)
{
    /// <summary>"auto": three quarters of the memory this process may use (the machine's, or its container limit).</summary>
    public static long AutoMaxBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;

    public static MemoryNodeSettings Default => new(AutoMaxBytes);
}

/// <summary>The typed view of the wasmactors section, validated once when a node starts.</summary>
public sealed record WasmActorsSettings(
    string NodeName,
    IReadOnlyList<string> Roles,
    TimeSpan AskTimeout,
    TimeSpan PageFaultTimeout,
    int RemoteChunkBytes,
    TimeSpan UploadTimeout,
    int MaxForkCount,
    int InstanceThreadStackBytes,
    BulkSettings Bulk)
{
    /// <summary>Room for the message envelope around a payload inside one Akka.Remote frame.</summary>
    public const int FrameOverheadBytes = 4096;

    /// <summary>Cache bounds, preopened directories and their allowed roots of a run node.</summary>
    public RunNodeSettings RunNode { get; init; } = RunNodeSettings.Default;

    /// <summary>How much a memory node holds.</summary>
    public MemoryNodeSettings MemoryNode { get; init; } = MemoryNodeSettings.Default;

    public static WasmActorsSettings Create(ActorSystem system)
    {
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return Create(system.Settings.Config, $"{address.Host}:{address.Port}");
    }

    /// <summary>Reads and checks the settings; a bad value throws <see cref="ConfigurationException"/> naming the key.</summary>
    public static WasmActorsSettings Create(Config config, string hostAndPort)
    {
        var section = config.GetConfig("wasmactors") ?? throw new ConfigurationException("the wasmactors section is missing (is reference.conf loaded?)");
        var roles = config.GetStringList("akka.cluster.roles", []).ToArray();
        var name = section.GetString("node-name", "");
        if (string.IsNullOrWhiteSpace(name))
        {
            name = $"{(roles.Length > 0 ? roles[0] : "node")}@{hostAndPort}";
        }

        var frame = (long?)config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128000;
        var chunk = (int)(section.GetByteSize("remote-chunk-bytes") ?? 61440);
        if (chunk < BlobParts.MinPartBytes || chunk > frame - FrameOverheadBytes)
        {
            throw new ConfigurationException($"wasmactors.remote-chunk-bytes = {chunk} must be between {BlobParts.MinPartBytes} and the frame size minus {FrameOverheadBytes} ({frame - FrameOverheadBytes})");
        }

        var bulk = section.GetConfig("bulk");
        var transport = bulk.GetString("transport", "quic");
        if (transport is not ("quic" or "tcp"))
        {
            throw new ConfigurationException($"wasmactors.bulk.transport = {transport}: expected quic or tcp");
        }

        return new WasmActorsSettings(
            name,
            roles,
            Positive(section, "ask-timeout"),
            Positive(section, "page-fault-timeout"),
            chunk,
            Positive(section, "upload-timeout"),
            Math.Max(1, section.GetInt("max-fork-count", 2000)),
            (int)Math.Clamp(section.GetByteSize("instance-thread-stack") ?? (4 << 20), 256 << 10, 256 << 20),
            new BulkSettings(
                bulk.GetBoolean("enabled", true),
                transport,
                bulk.GetString("hostname", "127.0.0.1"),
                bulk.GetInt("port", 0),
                bulk.GetString("certificate-pem", ""),
                bulk.GetString("private-key-pem", ""),
                bulk.GetBoolean("tcp-tls", true),
                Positive(bulk, "request-timeout")))
        {
            RunNode = ReadRunNode(section.GetConfig("run-node")),
            MemoryNode = ReadMemoryNode(section.GetConfig("memory-node")),
        };
    }

    private static MemoryNodeSettings ReadMemoryNode(Config? memoryNode)
    {
        var value = memoryNode?.GetString("max-bytes", "auto") ?? "auto";
        if (string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return MemoryNodeSettings.Default;
        }

        long? bytes;
        try
        {
            bytes = memoryNode!.GetByteSize("max-bytes");
        }
        catch (FormatException)
        {
            bytes = null;
        }

        return bytes is > 0 ? new MemoryNodeSettings(bytes.Value)
            : throw new ConfigurationException($"wasmactors.memory-node.max-bytes must be a positive size (such as 8GiB) or \"auto\", not \"{value}\"");
    }

    private static RunNodeSettings ReadRunNode(Config? runNode)
    {
        if (runNode is null || runNode.IsEmpty)
        {
            return RunNodeSettings.Default;
        }

        var defaults = RunNodeSettings.Default;
        var preopens = runNode.GetStringList("preopens", []).Select(entry => ParsePreopen(entry) ?? throw new ConfigurationException(
            $"wasmactors.run-node.preopens entry \"{entry}\" is not HOST[::GUEST]")).ToArray();
        return new RunNodeSettings(
            Bounds(runNode, "restore-cache", defaults.RestoreCache),
            Bounds(runNode, "module-cache", defaults.ModuleCache),
            Bounds(runNode, "memory-proxies", defaults.MemoryProxies),
            runNode.HasPath("cache-sweep-interval") ? Positive(runNode, "cache-sweep-interval") : defaults.CacheSweepInterval,
            runNode.GetStringList("preopen-roots", []).ToArray(),
            preopens)
        {
            EngineThreadNice = Math.Clamp(runNode.GetInt("engine-thread-nice", 0), 0, 19),
            RunSlots = ReadRunSlots(runNode),
            TimeSlice = runNode.HasPath("time-slice") ? Positive(runNode, "time-slice") : defaults.TimeSlice,
            MemoryNodeWait = runNode.HasPath("memory-node-wait") ? Positive(runNode, "memory-node-wait") : defaults.MemoryNodeWait,
            Limits = InstanceLimits.Read(runNode.GetConfig("limits")),
            MaxInstances = InstanceLimits.Count(runNode, "max-instances") is { } max and <= int.MaxValue
                ? (int)max
                : throw new ConfigurationException("wasmactors.run-node.max-instances must be a positive count"),
            MaxGuestMemoryBytes = InstanceLimits.Size(runNode, "max-guest-memory"),
        };
    }

    /// <summary>run-slots: a count, 0 for no bound, or "cores" (the default) for the machine's processor count.</summary>
    private static int ReadRunSlots(Config runNode)
    {
        var value = runNode.GetString("run-slots", "cores");
        if (string.Equals(value, "cores", StringComparison.OrdinalIgnoreCase))
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slots)
            ? slots
            : throw new ConfigurationException($"wasmactors.run-node.run-slots must be a count, 0 (no bound) or \"cores\", not \"{value}\"");
    }

    /// <summary>Parses HOST[::GUEST] (as <c>wasmactors run --dir</c>: GUEST defaults to HOST); null when a part is empty.</summary>
    public static Wasm.Wasi.WasiPreopen? ParsePreopen(string entry)
    {
        var at = entry.IndexOf("::", StringComparison.Ordinal);
        if (at < 0)
        {
            return entry.Length == 0 ? null : new Wasm.Wasi.WasiPreopen(entry, entry);
        }

        return at == 0 || at + 2 >= entry.Length ? null : new Wasm.Wasi.WasiPreopen(entry[..at], entry[(at + 2)..]);
    }

    private static CacheBounds Bounds(Config runNode, string key, CacheBounds defaults)
    {
        var section = runNode.GetConfig(key);
        if (section is null || section.IsEmpty)
        {
            return defaults;
        }

        var entries = section.GetInt("max-entries", defaults.MaxEntries);
        var bytes = section.HasPath("max-bytes") ? (long)(section.GetByteSize("max-bytes") ?? defaults.MaxBytes) : defaults.MaxBytes;
        if (entries < 1 || bytes < 1)
        {
            throw new ConfigurationException($"wasmactors.run-node.{key}: max-entries and max-bytes must be at least 1");
        }

        return new CacheBounds(entries, bytes, section.HasPath("idle-timeout") ? Positive(section, "idle-timeout") : defaults.IdleTimeout);
    }

    private static TimeSpan Positive(Config section, string key)
    {
        var value = section.GetTimeSpan(key, null, allowInfinite: false);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"wasmactors {key} must be a positive duration");
    }
}
