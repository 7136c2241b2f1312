using WasmActors.Wasm.Model;
using static WasmActors.Wasm.Execution.Operand;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The ops whose interpreter case (<see cref="Machine"/>'s dispatch loop) and CIL emission (<see cref="IlCompiler"/>)
/// are written by hand, each declared once here with its operand layout, in <see cref="Op"/>'s order; the numeric
/// ops follow, declared on their <see cref="OpSemantics"/>. From both, WasmActors.Wasm.Generators generates
/// <see cref="Op"/>, the layout tables (<see cref="OpInfo"/>), <see cref="OpMap"/>, the methods compiled bodies call
/// (<see cref="OpMethods"/>) and the numeric ops' interpreter cases. Branch targets are absolute positions in the
/// function's code; taken branches and calls are the checkpoints where fuel is consumed and pauses are honoured.
/// </summary>
[SpecialOp("Unreachable", FallsThrough = false, Helper = nameof(IlHelpers.Unreachable))]
[SpecialOp("Copy", Result, Slot, Writes = SlotEffect.Copy,
    Wasm = [Opcode.I32ReinterpretF32, Opcode.F32ReinterpretI32, Opcode.I64ReinterpretF64, Opcode.F64ReinterpretI64])]
[SpecialOp("Const32", Result, Imm, Writes = SlotEffect.Const32)] // zero-extended
[SpecialOp("Const64", Result, Imm, Imm)] // low, high
[SpecialOp("Br", Target, FallsThrough = false)]
[SpecialOp("BrCopy", Slot, Slot, Imm, Target, FallsThrough = false, Writes = SlotEffect.BrCopy)] // dst src count: copies count slots, ascending, then jumps
[SpecialOp("BrIfNez", Slot, Target, Negation = "BrIfEqz")]
[SpecialOp("BrIfEqz", Slot, Target)]
[SpecialOp("BrTable", Slot, Targets, FallsThrough = false)]
[SpecialOp("Return", FallsThrough = false)]
[SpecialOp("Return1", Slot, FallsThrough = false)]
[SpecialOp("ReturnN", Slot, Imm, FallsThrough = false)] // src count: the results go to the frame's first slots
[SpecialOp("Call", Imm, Imm, IsCall = true, Writes = SlotEffect.Call)] // function base: the callee's frame starts at slot base
[SpecialOp("CallIndirect", Imm, Imm, Imm, Slot, IsCall = true, Writes = SlotEffect.CallIndirect)] // type table base index
[SpecialOp("Select", Result, Slot, Slot, Slot, Writes = SlotEffect.Select, Helper = nameof(IlHelpers.Select))]
[SpecialOp("GlobalGet", Result, Imm, Writes = SlotEffect.GlobalGet, Helper = nameof(IlHelpers.GlobalGet))]
[SpecialOp("GlobalSet", Slot, Imm, Helper = nameof(IlHelpers.GlobalSet))]
[SpecialOp("I32Load", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I32Load))] // dst address offset
[SpecialOp("I64Load", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I64Load))]
[SpecialOp("I32Load8S", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I32Load8S))]
[SpecialOp("I32Load8U", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I32Load8U))]
[SpecialOp("I32Load16S", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I32Load16S))]
[SpecialOp("I32Load16U", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I32Load16U))]
[SpecialOp("I64Load8S", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I64Load8S))]
[SpecialOp("I64Load16S", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I64Load16S))]
[SpecialOp("I64Load32S", Result, Slot, Imm, Access = MemoryAccess.Load, Helper = nameof(IlHelpers.I64Load32S))]
[SpecialOp("I32Store", Slot, Slot, Imm, Access = MemoryAccess.Store, Helper = nameof(IlHelpers.I32Store))] // address value offset
[SpecialOp("I64Store", Slot, Slot, Imm, Access = MemoryAccess.Store, Helper = nameof(IlHelpers.I64Store))]
[SpecialOp("I32Store8", Slot, Slot, Imm, Access = MemoryAccess.Store, Helper = nameof(IlHelpers.I32Store8))]
[SpecialOp("I32Store16", Slot, Slot, Imm, Access = MemoryAccess.Store, Helper = nameof(IlHelpers.I32Store16))]
[SpecialOp("MemorySize", Result, Helper = nameof(IlHelpers.MemorySize))]
[SpecialOp("MemoryGrow", Result, Slot, Access = MemoryAccess.Grow, Helper = nameof(IlHelpers.MemoryGrow))] // dst delta
[SpecialOp("MemoryFill", Slot, Slot, Slot, Access = MemoryAccess.BulkWrite, Helper = nameof(IlHelpers.MemoryFill))] // dst value count
[SpecialOp("MemoryCopy", Slot, Slot, Slot, Access = MemoryAccess.BulkWrite, Helper = nameof(IlHelpers.MemoryCopy))] // dst src count
[SpecialOp("MemoryInit", Slot, Slot, Slot, Imm, Access = MemoryAccess.BulkWrite, Helper = nameof(IlHelpers.MemoryInit))] // dst src count data
[SpecialOp("DataDrop", Imm, Helper = nameof(IlHelpers.DataDrop))]
[SpecialOp("TableGet", Result, Slot, Imm, Writes = SlotEffect.TableGet, Helper = nameof(IlHelpers.TableGet))] // dst index table
[SpecialOp("TableSet", Slot, Slot, Imm, Helper = nameof(IlHelpers.TableSet))] // index value table
[SpecialOp("TableSize", Result, Imm, Helper = nameof(IlHelpers.TableSize))]
[SpecialOp("TableGrow", Result, Slot, Slot, Imm, Helper = nameof(IlHelpers.TableGrow))] // dst init count table
[SpecialOp("TableFill", Slot, Slot, Slot, Imm, Helper = nameof(IlHelpers.TableFill))] // index value count table
[SpecialOp("TableCopy", Slot, Slot, Slot, Imm, Imm, Helper = nameof(IlHelpers.TableCopy))] // dst src count dstTable srcTable
[SpecialOp("TableInit", Slot, Slot, Slot, Imm, Imm, Helper = nameof(IlHelpers.TableInit))] // dst src count elem table
[SpecialOp("ElemDrop", Imm, Helper = nameof(IlHelpers.ElemDrop))]
[SpecialOp("RefFunc", Result, Imm, Writes = SlotEffect.RefFunc, Helper = nameof(IlHelpers.RefFunc))]
[SpecialOp("Simd", Simd, Writes = SlotEffect.Unknown)] // every SIMD instruction
internal static class SpecialOps;
