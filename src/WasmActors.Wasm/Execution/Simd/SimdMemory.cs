using System.Runtime.Intrinsics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// SIMD loads and stores, through <see cref="MemoryInstance"/>'s typed accessors: the same bounds checks, page table
/// and copy-on-write paths as scalar accesses. An access traps before it reads or writes anything.
/// </summary>
internal static class SimdMemory
{
    public static Vector128<byte> Load(int code, MemoryInstance memory, ulong address) => code switch
    {
        0x00 => memory.Load<Vector128<byte>>(address),
        0x01 => Vector128.WidenLower(Vector128.CreateScalar(memory.Load<ulong>(address)).AsSByte()).AsByte(),
        0x02 => Vector128.WidenLower(Vector128.CreateScalar(memory.Load<ulong>(address)).AsByte()).AsByte(),
        0x03 => Vector128.WidenLower(Vector128.CreateScalar(memory.Load<ulong>(address)).AsInt16()).AsByte(),
        0x04 => Vector128.WidenLower(Vector128.CreateScalar(memory.Load<ulong>(address)).AsUInt16()).AsByte(),
        0x05 => Vector128.WidenLower(Vector128.CreateScalar(memory.Load<ulong>(address)).AsInt32()).AsByte(),
        0x06 => Vector128.WidenLower(Vector128.CreateScalar(memory.Load<ulong>(address)).AsUInt32()).AsByte(),
        0x07 => Vector128.Create(memory.Load<byte>(address)),
        0x08 => Vector128.Create(memory.Load<ushort>(address)).AsByte(),
        0x09 => Vector128.Create(memory.Load<uint>(address)).AsByte(),
        0x0A => Vector128.Create(memory.Load<ulong>(address)).AsByte(),
        0x5C => Vector128.CreateScalar(memory.Load<uint>(address)).AsByte(),
        0x5D => Vector128.CreateScalar(memory.Load<ulong>(address)).AsByte(),
        _ => throw new InvalidOperationException($"bad internal SIMD load {code}"),
    };

    /// <summary>v128.load{8,16,32,64}_lane: the vector with one lane replaced by the value in memory.</summary>
    public static Vector128<byte> LoadLane(int code, MemoryInstance memory, ulong address, Vector128<byte> vector, int lane) => code switch
    {
        0x54 => vector.WithElement(lane, memory.Load<byte>(address)),
        0x55 => vector.AsUInt16().WithElement(lane, memory.Load<ushort>(address)).AsByte(),
        0x56 => vector.AsUInt32().WithElement(lane, memory.Load<uint>(address)).AsByte(),
        0x57 => vector.AsUInt64().WithElement(lane, memory.Load<ulong>(address)).AsByte(),
        _ => throw new InvalidOperationException($"bad internal SIMD lane load {code}"),
    };

    /// <summary>v128.store{8,16,32,64}_lane: one lane of the vector to memory.</summary>
    public static void StoreLane(int code, MemoryInstance memory, ulong address, Vector128<byte> vector, int lane)
    {
        switch (code)
        {
            case 0x58:
                memory.Store(address, vector.GetElement(lane));
                break;
            case 0x59:
                memory.Store(address, vector.AsUInt16().GetElement(lane));
                break;
            case 0x5A:
                memory.Store(address, vector.AsUInt32().GetElement(lane));
                break;
            case 0x5B:
                memory.Store(address, vector.AsUInt64().GetElement(lane));
                break;
            default:
                throw new InvalidOperationException($"bad internal SIMD lane store {code}");
        }
    }
}
