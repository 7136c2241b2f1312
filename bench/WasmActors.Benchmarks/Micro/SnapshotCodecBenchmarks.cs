using BenchmarkDotNet.Attributes;
using WasmActors.Benchmarks.Snapshot;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Benchmarks.Micro;

/// <summary>
/// Snapshot encode and decode of the 64 MiB fixture (every 4 KiB page non-zero): capture of a store (hashing and
/// deduplicating every page), the single-file form written plain and with LZ4 and read back with its checks, and the
/// manifest's record codec on its own (what every restore decodes first).
/// </summary>
[MemoryDiagnoser(false)]
[Config(typeof(ShortInProcessConfig))]
public class SnapshotCodecBenchmarks
{
    private Store _store = null!;
    private byte[] _plain = null!;
    private byte[] _compressed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = ForkFixture.Restore(Granularity.Mixture, CopyMode.NoCow).Store;
        _plain = SnapshotFile.Write(ForkFixture.Snapshot);
        _compressed = SnapshotFile.Write(ForkFixture.Snapshot, compress: true);
    }

    // Results are returned as object: the snapshot types are internal, and the value only has to be kept alive.
    [Benchmark]
    public object Capture() => SnapshotWriter.Capture(_store);

    [Benchmark]
    public byte[] WriteFile() => SnapshotFile.Write(ForkFixture.Snapshot);

    [Benchmark]
    public byte[] WriteFileLz4() => SnapshotFile.Write(ForkFixture.Snapshot, compress: true);

    [Benchmark]
    public object ReadFile() => SnapshotFile.Read(_plain);

    [Benchmark]
    public object ReadFileLz4() => SnapshotFile.Read(_compressed);

    [Benchmark]
    public object ManifestRoundTrip() => RecordCodec.DecodeManifest(RecordCodec.Encode(ForkFixture.Snapshot.Manifest));
}
