namespace WasmActors.Wasm.Wasi;

/// <summary>
/// What a WASI program sees of the world: its arguments and environment, the directories it may use, its three
/// standard streams and its sources of time and randomness. The streams are plain <see cref="Stream"/>s so a host
/// (an actor, a test) can capture output or feed input; they default to empty/discarding streams.
/// </summary>
public sealed record WasiConfig
{
    /// <summary>argv, including the program name as argv[0].</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment entries, each "NAME=value".</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Directories opened before the program starts, as fds 3, 4, ... in this order.</summary>
    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    public Stream StandardInput { get; init; } = Stream.Null;

    public Stream StandardOutput { get; init; } = Stream.Null;

    public Stream StandardError { get; init; } = Stream.Null;

    /// <summary>
    /// Report the standard streams as terminals (character devices). wasi-libc then line-buffers stdout, which is what
    /// a user watching progress wants; leave it false to behave like a program whose output goes to a pipe or file.
    /// </summary>
    public bool StandardStreamsAreTerminals { get; init; }

    public IWasiClock Clock { get; init; } = SystemWasiClock.Instance;

    public IWasiRandom Random { get; init; } = SystemWasiRandom.Instance;

    /// <summary>The highest <see cref="MaxOpenFiles"/> the host allows.</summary>
    public const int MaxOpenFilesBound = WasiLayout.MaxOpenFds;

    /// <summary>Most descriptors the program may hold open, the standard streams and preopens included (EMFILE beyond).</summary>
    public int MaxOpenFiles { get; init; } = MaxOpenFilesBound;

    /// <summary>Most bytes one fd_read/fd_write/random_get call moves; larger requests are served partially.</summary>
    public int MaxTransferBytes { get; init; } = 16 << 20;

    /// <summary>Parses "NAME=value" pairs into environment entries; a pair without '=' is rejected.</summary>
    public static IReadOnlyList<string> ParseEnvironment(IEnumerable<string> pairs) =>
        pairs.Select(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0
            ? pair
            : throw new FormatException($"expected NAME=value, got \"{pair}\"")).ToArray();
}
