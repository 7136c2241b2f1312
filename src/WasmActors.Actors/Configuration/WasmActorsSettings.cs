using Akka.Actor;
using Akka.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Transport;

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
    TimeSpan RequestTimeout,
    int QuicMaxUdpPayload);

/// <summary>Bounds of one run-node cache (wasmactors.run-node.*-cache): entries, bytes, and how long an unused entry stays.</summary>
public sealed record CacheBounds(int MaxEntries, long MaxBytes, TimeSpan IdleTimeout);

/// <summary>
/// The background pull that makes a migrated program (or a detached fork) independent of its memory node
/// (wasmactors.run-node.detach): its average rate (null: unthrottled), pieces per round trip, and whether forks
/// detach when their request does not say.
/// </summary>
public sealed record DetachSettings(long? BytesPerSecond, int Batch, bool Forks);

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
    public required int RunSlots { get; init; }

    /// <summary>How long an instance keeps its run slot while others wait (wasmactors.run-node.time-slice).</summary>
    public required TimeSpan TimeSlice { get; init; }

    /// <summary>How long a snapshot or migration asked for before any memory node is known waits for one (wasmactors.run-node.memory-node-wait).</summary>
    public required TimeSpan MemoryNodeWait { get; init; }

    /// <summary>Each program's limits unless its request asks for others (wasmactors.run-node.limits).</summary>
    public required InstanceLimits Limits { get; init; }

    /// <summary>How long ended instances stay in listings (wasmactors.run-node.ended-retention).</summary>
    public required TimeSpan EndedRetention { get; init; }

    /// <summary>How migrated programs and detached forks pull what is still on the memory node (wasmactors.run-node.detach).</summary>
    public required DetachSettings Detach { get; init; }

    /// <summary>
    /// Whether the node fetches and validates the code of every snapshot (new ones, and those stored before it came)
    /// before a fork asks (wasmactors.run-node.module-prefetch).
    /// </summary>
    public bool ModulePrefetch { get; init; }

    /// <summary>
    /// Most bytes of code (.wasm bytes) of the decoded modules the node keeps for forks and prefetches
    /// (wasmactors.run-node.decoded-module-cache-size); the least recently used go first.
    /// </summary>
    public long DecodedModuleCacheBytes { get; init; } = long.MaxValue;

    /// <summary>Whether the node runs a small program through its fork and capture paths once at start (wasmactors.run-node.warm-up).</summary>
    public bool WarmUp { get; init; }

    /// <summary>Most instances on the node at once (wasmactors.run-node.max-instances).</summary>
    public required int MaxInstances { get; init; }

    /// <summary>Most addressable guest memory summed over the node's instances; null for no bound (wasmactors.run-node.max-guest-memory).</summary>
    public long? MaxGuestMemoryBytes { get; init; }

    /// <summary>reference.conf's run-node section (the one place its defaults are written), read the way a node's own is.</summary>
    public static RunNodeSettings Default { get; } = WasmActorsSettings.ReadRunNode(WasmActorsConfig.Reference.GetConfig("wasmactors.run-node"));
}

/// <summary>Memory node settings (wasmactors.memory-node).</summary>
/// <param name="MaxBytes">Most snapshot bytes the node holds, uploads in progress included; one that would go over is refused.</param>
/// <param name="StorePath">The directory of the node's durable store (ADR-014), or null to keep snapshots in memory only.</param>
public sealed record MemoryNodeSettings(long MaxBytes, string? StorePath)
{
    /// <summary>
    /// How many memory nodes must hold a snapshot durably before its upload is acknowledged
    /// (wasmactors.memory-node.replicas); null for "auto": two when two memory nodes are up, else one.
    /// </summary>
    public int? Replicas { get; init; }

    /// <summary>"auto": three quarters of the memory this process may use (the machine's, or its container limit).</summary>
    public static long AutoMaxBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;

    /// <summary>reference.conf's memory-node section, read the way a node's own is.</summary>
    public static MemoryNodeSettings Default { get; } = WasmActorsSettings.ReadMemoryNode(WasmActorsConfig.Reference.GetConfig("wasmactors.memory-node"));
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
    internal const int FrameOverheadBytes = 4096;

    /// <summary>Cache bounds, preopened directories and their allowed roots of a run node.</summary>
    public RunNodeSettings RunNode { get; init; } = RunNodeSettings.Default;

    /// <summary>How much a memory node holds.</summary>
    public MemoryNodeSettings MemoryNode { get; init; } = MemoryNodeSettings.Default;

    /// <summary>
    /// How long one memory node holding a snapshot gets to answer a fetch before the fetch also goes to the next
    /// holder, and the bound of majority reads and writes of the holder map (wasmactors.holder-timeout).
    /// </summary>
    public TimeSpan HolderTimeout { get; init; } = Positive(WasmActorsConfig.Reference.GetConfig("wasmactors"), "holder-timeout");

    public static WasmActorsSettings Create(ActorSystem system)
    {
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return Create(system.Settings.Config, $"{address.Host}:{address.Port}");
    }

    /// <summary>Reads and checks the settings; a bad value throws <see cref="ConfigurationException"/> naming the key.</summary>
    internal static WasmActorsSettings Create(Config config, string hostAndPort)
    {
        var section = config.GetConfig("wasmactors") ?? throw new ConfigurationException("the wasmactors section is missing (is reference.conf loaded?)");
        var roles = config.GetStringList(Present(config, "akka.cluster.roles")).ToArray();
        var name = section.GetString(Present(section, "node-name"));
        if (string.IsNullOrWhiteSpace(name))
        {
            name = $"{(roles.Length > 0 ? roles[0] : "node")}@{hostAndPort}";
        }

        var frame = Bytes(config, "akka.remote.dot-netty.tcp.maximum-frame-size");
        var chunk = (int)Bytes(section, "remote-chunk-bytes");
        if (chunk < BlobParts.MinPartBytes || chunk > frame - FrameOverheadBytes)
        {
            throw new ConfigurationException($"wasmactors.remote-chunk-bytes = {chunk} must be between {BlobParts.MinPartBytes} and the frame size minus {FrameOverheadBytes} ({frame - FrameOverheadBytes})");
        }

        var bulk = section.GetConfig("bulk");
        var transport = bulk.GetString(Present(bulk, "transport"));
        if (!PageTransports.Names.Contains(transport))
        {
            throw new ConfigurationException($"wasmactors.bulk.transport = {transport}: expected {PageTransports.Expected}");
        }

        return new WasmActorsSettings(
            name,
            roles,
            Positive(section, "ask-timeout"),
            Positive(section, "page-fault-timeout"),
            chunk,
            Positive(section, "upload-timeout"),
            Math.Max(1, section.GetInt(Present(section, "max-fork-count"))),
            (int)Math.Clamp(Bytes(section, "instance-thread-stack"), 256 << 10, 256 << 20),
            new BulkSettings(
                bulk.GetBoolean(Present(bulk, "enabled")),
                transport,
                bulk.GetString(Present(bulk, "hostname")),
                bulk.GetInt(Present(bulk, "port")),
                bulk.GetString(Present(bulk, "certificate-pem")),
                bulk.GetString(Present(bulk, "private-key-pem")),
                bulk.GetBoolean(Present(bulk, "tcp-tls")),
                Positive(bulk, "request-timeout"),
                QuicPayload(bulk, "quic-max-udp-payload")))
        {
            RunNode = ReadRunNode(section.GetConfig("run-node")),
            MemoryNode = ReadMemoryNode(section.GetConfig("memory-node")),
            HolderTimeout = Positive(section, "holder-timeout"),
        };
    }

    internal static MemoryNodeSettings ReadMemoryNode(Config? memoryNode)
    {
        memoryNode ??= Config.Empty;
        var storePath = memoryNode.GetString(Present(memoryNode, "store-path"));
        return new MemoryNodeSettings(MaxBytes(memoryNode), string.IsNullOrWhiteSpace(storePath) ? null : Path.GetFullPath(storePath))
        {
            Replicas = Replicas(memoryNode),
        };
    }

    private static int? Replicas(Config memoryNode)
    {
        var value = memoryNode.GetString(Present(memoryNode, "replicas"));
        if (string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var replicas) && replicas > 0
            ? replicas
            : throw new ConfigurationException($"wasmactors.memory-node.replicas must be a positive number or \"auto\", not \"{value}\"");
    }

    private static long MaxBytes(Config memoryNode)
    {
        var value = memoryNode.GetString(Present(memoryNode, "max-bytes"));
        if (string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return MemoryNodeSettings.AutoMaxBytes;
        }

        long? bytes;
        try
        {
            bytes = memoryNode.GetByteSize("max-bytes");
        }
        catch (FormatException)
        {
            bytes = null;
        }

        return bytes is > 0 ? bytes.Value
            : throw new ConfigurationException($"wasmactors.memory-node.max-bytes must be a positive size (such as 8GiB) or \"auto\", not \"{value}\"");
    }

    /// <summary>Reads a run-node section without defaults of its own: reference.conf, merged under the node's file,
    /// holds every key, and <see cref="RunNodeSettings.Default"/> is this read of the reference alone.</summary>
    internal static RunNodeSettings ReadRunNode(Config? runNode)
    {
        runNode ??= Config.Empty;
        var preopens = runNode.GetStringList(Present(runNode, "preopens")).Select(entry => ParsePreopen(entry) ?? throw new ConfigurationException(
            $"wasmactors.run-node.preopens entry \"{entry}\" is not HOST[::GUEST]")).ToArray();
        return new RunNodeSettings(
            Bounds(runNode, "restore-cache"),
            Bounds(runNode, "module-cache"),
            Bounds(runNode, "memory-proxies"),
            Positive(runNode, "cache-sweep-interval"),
            runNode.GetStringList(Present(runNode, "preopen-roots")).ToArray(),
            preopens)
        {
            EngineThreadNice = Math.Clamp(runNode.GetInt(Present(runNode, "engine-thread-nice")), 0, 19),
            RunSlots = ReadRunSlots(runNode),
            TimeSlice = Positive(runNode, "time-slice"),
            MemoryNodeWait = Positive(runNode, "memory-node-wait"),
            EndedRetention = Positive(runNode, "ended-retention"),
            Limits = InstanceLimits.Read(runNode.GetConfig(Present(runNode, "limits"))),
            Detach = ReadDetach(runNode.GetConfig(Present(runNode, "detach"))),
            ModulePrefetch = runNode.GetBoolean(Present(runNode, "module-prefetch")),
            DecodedModuleCacheBytes = Bytes(runNode, "decoded-module-cache-size") is var bytes and > 0
                ? bytes
                : throw new ConfigurationException("wasmactors.run-node.decoded-module-cache-size must be a positive size (such as 128MiB)"),
            WarmUp = runNode.GetBoolean(Present(runNode, "warm-up")),
            MaxInstances = InstanceLimits.Count(runNode, "max-instances") is { } max and <= int.MaxValue
                ? (int)max
                : throw new ConfigurationException("wasmactors.run-node.max-instances must be a positive count"),
            MaxGuestMemoryBytes = InstanceLimits.Size(runNode, "max-guest-memory"),
        };
    }

    private static DetachSettings ReadDetach(Config detach)
    {
        var rate = InstanceLimits.Size(detach, Present(detach, "bytes-per-second"));
        var batch = detach.GetInt(Present(detach, "batch"));
        return rate is 0 || batch < 1
            ? throw new ConfigurationException("wasmactors.run-node.detach: bytes-per-second must be a positive size or off, batch at least 1")
            : new DetachSettings(rate, batch, detach.GetBoolean(Present(detach, "forks")));
    }

    /// <summary>run-slots: a count, 0 for no bound, or "cores" (the default) for the machine's processor count.</summary>
    private static int ReadRunSlots(Config runNode)
    {
        var value = runNode.GetString(Present(runNode, "run-slots"));
        if (string.Equals(value, "cores", StringComparison.OrdinalIgnoreCase))
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slots)
            ? slots
            : throw new ConfigurationException($"wasmactors.run-node.run-slots must be a count, 0 (no bound) or \"cores\", not \"{value}\"");
    }

    /// <summary>Parses HOST[::GUEST] (as <c>wasmactors run --dir</c>: GUEST defaults to HOST); null when a part is empty.</summary>
    internal static Wasm.Wasi.WasiPreopen? ParsePreopen(string entry)
    {
        var at = entry.IndexOf("::", StringComparison.Ordinal);
        if (at < 0)
        {
            return entry.Length == 0 ? null : new Wasm.Wasi.WasiPreopen(entry, entry);
        }

        return at == 0 || at + 2 >= entry.Length ? null : new Wasm.Wasi.WasiPreopen(entry[..at], entry[(at + 2)..]);
    }

    private static CacheBounds Bounds(Config runNode, string key)
    {
        var section = runNode.GetConfig(Present(runNode, key));

        // A cache without max-bytes (reference.conf gives the restore cache and memory proxies none) is bounded by
        // its entries alone.
        var entries = section.GetInt(Present(section, "max-entries"));
        var bytes = section.HasPath("max-bytes") ? Bytes(section, "max-bytes") : long.MaxValue;
        if (entries < 1 || bytes < 1)
        {
            throw new ConfigurationException($"wasmactors.run-node.{key}: max-entries and max-bytes must be at least 1");
        }

        return new CacheBounds(entries, bytes, Positive(section, "idle-timeout"));
    }

    /// <summary>
    /// <paramref name="key"/>, once it is known to be set. Every default lives in reference.conf, which node
    /// configurations fall back to; a key missing here means the reference was not loaded, not a value to guess.
    /// </summary>
    internal static string Present(Config section, string key) =>
        section.HasPath(key) ? key : throw new ConfigurationException($"wasmactors setting {key} is missing (is reference.conf loaded?)");

    private static long Bytes(Config section, string key) =>
        section.GetByteSize(Present(section, key)) is { } bytes ? bytes : throw new ConfigurationException($"wasmactors {key} must be a size (such as 64KiB)");

    /// <summary>A UDP payload size QUIC accepts: at least its 1200-byte minimum, at most what one IP packet carries.</summary>
    private static int QuicPayload(Config section, string key)
    {
        var value = section.GetInt(Present(section, key));
        return value is >= 1200 and <= 65000 ? value : throw new ConfigurationException($"wasmactors.bulk.{key} = {value} must be between 1200 and 65000");
    }

    private static TimeSpan Positive(Config section, string key)
    {
        var value = section.GetTimeSpan(Present(section, key), null, allowInfinite: false);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"wasmactors {key} must be a positive duration");
    }
}
