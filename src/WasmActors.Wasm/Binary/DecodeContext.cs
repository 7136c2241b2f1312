using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary;

/// <summary>State shared by the section decoders while one module is loaded.</summary>
internal sealed class DecodeContext
{
    /// <summary>
    /// Expanded locals cost a byte each while their declaration costs a few bytes per run, so a module of
    /// tiny functions each declaring <see cref="EngineConfig.MaxLocals"/> locals could amplify its size by
    /// thousands. The whole module may therefore declare a fixed number of functions' worth of the maximum
    /// plus a generous amount per byte of binary; real code stays far below either.
    /// </summary>
    private const long FullFunctionsAllowance = 16;

    private const long LocalsPerModuleByte = 64;

    public DecodeContext(EngineConfig config, int moduleLength, ReadOnlyMemory<byte>? bytes = null)
    {
        Config = config;
        ModuleLength = moduleLength;
        Bytes = bytes;
        RemainingLocalsBudget = (FullFunctionsAllowance * config.MaxLocals) + (LocalsPerModuleByte * moduleLength);
    }

    public Module Module { get; } = new();

    public EngineConfig Config { get; }

    public int ModuleLength { get; }

    /// <summary>
    /// The module's bytes when the caller keeps them unchanged for the module's lifetime: function bodies are then only
    /// checked here and decoded on first use, from these bytes, and data segments are slices of them. Null: every body
    /// is decoded now and every segment copied.
    /// </summary>
    public ReadOnlyMemory<byte>? Bytes { get; }

    /// <summary>Type indices from the function section, joined with the code section's bodies.</summary>
    public List<uint> FunctionTypeIndices { get; } = [];

    /// <summary>Whether any code used memory.init or data.drop, which needs a data count section.</summary>
    public bool UsesDataIndex { get; set; }

    /// <summary>Offset of the first instruction that needed the data count section, for the error.</summary>
    public int FirstDataIndexOffset { get; set; }

    public long RemainingLocalsBudget { get; set; }

    /// <summary>Reused instruction buffer; each expression is copied out as an array when complete.</summary>
    public List<Instruction> Instructions { get; } = new(256);

    /// <summary>Reused stack of open block kinds (see <see cref="InstructionDecoder"/>).</summary>
    public byte[] ControlStack { get; set; } = new byte[64];
}
