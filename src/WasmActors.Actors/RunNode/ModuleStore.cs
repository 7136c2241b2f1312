using System.IO.Hashing;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>Module binaries a run node holds, by the hash of their bytes, and uploads in progress.</summary>
internal sealed class ModuleStore
{
    /// <summary>Largest module accepted, as the engine's own limit.</summary>
    public const long MaxModuleBytes = 1L << 30;

    private readonly Dictionary<string, byte[]> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BlobAssembler> _uploads = new(StringComparer.Ordinal);

    public static string IdOf(ReadOnlySpan<byte> wasm) => Convert.ToHexStringLower(XxHash128.Hash(wasm));

    public bool TryGet(string id, out byte[] wasm) => _modules.TryGetValue(id, out wasm!);

    /// <summary>Adds a part; returns the reply once the module is complete (or refused), null while parts are missing.</summary>
    public ICorrelatedMessage? Add(ModuleUploadPart part)
    {
        if (_modules.ContainsKey(part.ModuleId))
        {
            return part.Part == part.Parts - 1 ? new ModuleStored(part.RequestId, part.ModuleId) : null;
        }

        if (part.TotalBytes is <= 0 or > MaxModuleBytes || part.Parts <= 0)
        {
            return new OperationFailed(part.RequestId, "upload", $"a module of {part.TotalBytes} bytes in {part.Parts} parts is not acceptable");
        }

        if (!_uploads.TryGetValue(part.ModuleId, out var upload))
        {
            _uploads[part.ModuleId] = upload = new BlobAssembler(part.Parts, part.TotalBytes);
        }

        if (!upload.Add(part.Part, part.Parts, part.TotalBytes, part.Data))
        {
            _uploads.Remove(part.ModuleId);
            return new OperationFailed(part.RequestId, "upload", $"part {part.Part}/{part.Parts} does not match the upload of module {part.ModuleId}");
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

        _modules[part.ModuleId] = wasm;
        return new ModuleStored(part.RequestId, part.ModuleId);
    }
}
