using System.Diagnostics;
using System.IO.Hashing;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Module binaries a run node holds, by the hash of their bytes, and uploads in progress. Both are bounded: binaries
/// by count, bytes and idle time (a running instance keeps its own reference, so dropping one only means the next
/// deploy uploads it again), uploads by the upload timeout and, together, by the cache's bytes: a node receiving
/// that much already refuses a further upload until one completes.
/// </summary>
internal sealed class ModuleStore(CacheBounds bounds, TimeSpan uploadTimeout)
{
    /// <summary>Largest module accepted, as the engine's own limit.</summary>
    public const long MaxModuleBytes = 1L << 30;

    private readonly IdleCache<string, byte[]> _modules = new(bounds.MaxEntries, bounds.MaxBytes, bounds.IdleTimeout, wasm => wasm.LongLength);
    private readonly Dictionary<string, Upload> _uploads = new(StringComparer.Ordinal);

    public int Count => _modules.Count;

    public long Bytes => _modules.Weight;

    public int Uploads => _uploads.Count;

    public static string IdOf(ReadOnlySpan<byte> wasm) => Convert.ToHexStringLower(XxHash128.Hash(wasm));

    public bool TryGet(string id, out byte[] wasm) => _modules.TryGet(id, Stopwatch.GetTimestamp(), out wasm);

    /// <summary>Drops binaries idle past the timeout and uploads that did not complete within the upload timeout.</summary>
    public void Sweep(long now)
    {
        _modules.Sweep(now);
        var limit = (long)(uploadTimeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var id in _uploads.Where(u => now - u.Value.Started > limit).Select(u => u.Key).ToArray())
        {
            _uploads.Remove(id);
        }
    }

    /// <summary>
    /// Adds a part; returns the reply once the module is complete (or refused), null while parts are missing.
    /// <paramref name="bytes"/> and <paramref name="parts"/> say how much of the upload has arrived.
    /// </summary>
    public ICorrelatedMessage? Add(ModuleUploadPart part, out long bytes, out int parts)
    {
        (bytes, parts) = (part.TotalBytes, part.Parts);
        var reply = Add(part);
        if (reply is null && _uploads.TryGetValue(part.ModuleId, out var upload))
        {
            (bytes, parts) = (upload.Bytes, upload.Parts);
        }

        return reply;
    }

    private ICorrelatedMessage? Add(ModuleUploadPart part)
    {
        if (_modules.TryGet(part.ModuleId, Stopwatch.GetTimestamp(), out _))
        {
            return part.Part == part.Parts - 1 ? new ModuleStored(part.RequestId, part.ModuleId) : null;
        }

        if (part.TotalBytes <= 0)
        {
            return new OperationFailed(part.RequestId, "upload", $"a module of {part.TotalBytes} bytes is not acceptable");
        }

        if (part.TotalBytes > bounds.MaxBytes)
        {
            return new OperationFailed(part.RequestId, "upload", $"a module of {part.TotalBytes} bytes exceeds this run node's module cache ({bounds.MaxBytes} bytes)");
        }

        if (!_uploads.TryGetValue(part.ModuleId, out var entry))
        {
            var receiving = _uploads.Values.Sum(u => u.Assembler.TotalBytes);
            if (part.TotalBytes > bounds.MaxBytes - receiving)
            {
                return new OperationFailed(part.RequestId, "upload", $"this run node is receiving {ByteSize.Format(receiving)} of other modules; a module of {ByteSize.Format(part.TotalBytes)} more would exceed its module cache ({ByteSize.Format(bounds.MaxBytes)}): try again when those uploads are done");
            }

            if (BlobAssembler.Create(part.Parts, part.TotalBytes, MaxModuleBytes, out var problem) is not { } assembler)
            {
                return new OperationFailed(part.RequestId, "upload", $"a module upload of {part.Parts} parts is not acceptable: {problem}");
            }

            _uploads[part.ModuleId] = entry = new Upload(assembler, Stopwatch.GetTimestamp());
        }

        var upload = entry.Assembler;
        var before = upload.Received;

        if (!upload.Add(part.Part, part.Parts, part.TotalBytes, part.Data))
        {
            _uploads.Remove(part.ModuleId);
            return new OperationFailed(part.RequestId, "upload", $"part {part.Part}/{part.Parts} does not match the upload of module {part.ModuleId}");
        }

        if (upload.Received > before)
        {
            entry.Bytes += part.Data.Length;
            entry.Parts++;
        }

        if (!upload.IsComplete)
        {
            return null;
        }

        _uploads.Remove(part.ModuleId);
        byte[] wasm;
        try
        {
            wasm = upload.Assemble();
        }
        catch (InvalidDataException e)
        {
            return new OperationFailed(part.RequestId, "upload", e.Message);
        }

        if (IdOf(wasm) != part.ModuleId)
        {
            return new OperationFailed(part.RequestId, "upload", $"the bytes received do not hash to module id {part.ModuleId}");
        }

        _modules.Set(part.ModuleId, wasm, Stopwatch.GetTimestamp());
        return new ModuleStored(part.RequestId, part.ModuleId);
    }

    private sealed class Upload(BlobAssembler assembler, long started)
    {
        public BlobAssembler Assembler { get; } = assembler;

        public long Started { get; } = started;

        public long Bytes { get; set; }

        public int Parts { get; set; }
    }
}
