using System.Runtime.CompilerServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Memory, table and global operations called by compiled code, on raw slot values. Loads and stores take the memory's
/// translation cache, page shift and page size, which the body keeps in locals (see <see cref="MemoryInstance.Load{T}(MemoryInstance, TlbEntry[], int, ulong, ulong)"/>).
/// </summary>
internal static class IlHelpers
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => MemoryInstance.Load<uint>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => MemoryInstance.Load<ulong>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load8S(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => (uint)MemoryInstance.Load<sbyte>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load8U(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => MemoryInstance.Load<byte>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load16S(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => (uint)MemoryInstance.Load<short>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load16U(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => MemoryInstance.Load<ushort>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load8S(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => (ulong)MemoryInstance.Load<sbyte>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load16S(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => (ulong)MemoryInstance.Load<short>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load32S(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address) => (ulong)MemoryInstance.Load<int>(memory, tlb, shift, pageSize, address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address, ulong value) => MemoryInstance.Store(memory, tlb, shift, pageSize, address, (uint)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address, ulong value) => MemoryInstance.Store(memory, tlb, shift, pageSize, address, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store8(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address, ulong value) => MemoryInstance.Store(memory, tlb, shift, pageSize, address, (byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store16(MemoryInstance memory, TlbEntry[] tlb, int shift, ulong pageSize, ulong address, ulong value) => MemoryInstance.Store(memory, tlb, shift, pageSize, address, (ushort)value);

    public static ulong MemorySize(MemoryInstance memory) => memory.Pages;

    public static ulong MemoryGrow(MemoryInstance memory, ulong delta) => (uint)memory.Grow((uint)delta);

    public static void MemoryFill(MemoryInstance memory, ulong destination, ulong value, ulong count) =>
        memory.Fill((uint)destination, (byte)value, (uint)count);

    public static void MemoryCopy(MemoryInstance memory, ulong destination, ulong source, ulong count) =>
        memory.Copy((uint)destination, (uint)source, (uint)count);

    public static void MemoryInit(ModuleInstance module, MemoryInstance memory, ulong destination, ulong source, ulong count, int data) =>
        BulkOps.MemoryInit(memory, module.Datas[data], (uint)destination, (uint)source, (uint)count);

    public static void DataDrop(ModuleInstance module, int data) => module.Datas[data].Drop();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong GlobalGet(ModuleInstance module, int global) => module.Globals[global].Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GlobalSet(ModuleInstance module, ulong value, int global) => module.Globals[global].Value = value;

    public static ulong TableGet(ModuleInstance module, ulong index, int table) => BulkOps.TableGet(module.Tables[table], (uint)index);

    public static void TableSet(ModuleInstance module, ulong index, ulong value, int table) => BulkOps.TableSet(module.Tables[table], (uint)index, value);

    public static ulong TableSize(ModuleInstance module, int table) => module.Tables[table].Size;

    public static ulong TableGrow(ModuleInstance module, ulong initial, ulong count, int table) => (uint)module.Tables[table].Grow((uint)count, initial);

    public static void TableFill(ModuleInstance module, ulong index, ulong value, ulong count, int table) =>
        BulkOps.TableFill(module.Tables[table], (uint)index, value, (uint)count);

    public static void TableCopy(ModuleInstance module, ulong destination, ulong source, ulong count, int destinationTable, int sourceTable) =>
        BulkOps.TableCopy(module.Tables[destinationTable], module.Tables[sourceTable], (uint)destination, (uint)source, (uint)count);

    public static void TableInit(ModuleInstance module, ulong destination, ulong source, ulong count, int element, int table) =>
        BulkOps.TableInit(module.Tables[table], module.Elements[element], (uint)destination, (uint)source, (uint)count);

    public static void ElemDrop(ModuleInstance module, int element) => module.Elements[element].Drop();

    public static ulong RefFunc(ModuleInstance module, int function) => RefValue.FromFunction(module.Functions[function]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Select(ulong a, ulong b, ulong condition) => (uint)condition != 0 ? a : b;

    public static void Unreachable() => Numerics.Trap(TrapMessages.Unreachable);
}
