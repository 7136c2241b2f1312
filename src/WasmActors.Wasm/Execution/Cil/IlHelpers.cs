using System.Runtime.CompilerServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Memory, table and global operations called by compiled code, on raw slot values. (Loads and stores are written out
/// in the body itself; only bodies with very many of them call the load and store helpers, see <see cref="IlCompiler"/>.)
/// </summary>
internal static class IlHelpers
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load(MemoryInstance memory, ulong address) => memory.Load<uint>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load(MemoryInstance memory, ulong address) => memory.Load<ulong>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load8S(MemoryInstance memory, ulong address) => (uint)memory.Load<sbyte>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load8U(MemoryInstance memory, ulong address) => memory.Load<byte>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load16S(MemoryInstance memory, ulong address) => (uint)memory.Load<short>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Load16U(MemoryInstance memory, ulong address) => memory.Load<ushort>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load8S(MemoryInstance memory, ulong address) => (ulong)memory.Load<sbyte>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load16S(MemoryInstance memory, ulong address) => (ulong)memory.Load<short>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Load32S(MemoryInstance memory, ulong address) => (ulong)memory.Load<int>(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store(MemoryInstance memory, ulong address, ulong value) => memory.Store(address, (uint)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store(MemoryInstance memory, ulong address, ulong value) => memory.Store(address, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store8(MemoryInstance memory, ulong address, ulong value) => memory.Store(address, (byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store16(MemoryInstance memory, ulong address, ulong value) => memory.Store(address, (ushort)value);

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
