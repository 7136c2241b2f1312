using System.Text;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// Reading and writing WASI structures in the guest's linear memory. Everything goes through
/// <see cref="MemoryInstance"/>'s bounds-checked accessors, so a bad guest pointer traps instead of touching host
/// memory; ranges are checked before any side effect so a call either traps up front or completes.
/// </summary>
internal static class GuestMemory
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Traps unless [address, address + length) lies inside memory.</summary>
    public static void CheckRange(MemoryInstance memory, ulong address, ulong length)
    {
        if (address + length > memory.Length)
        {
            throw new WasmTrapException(TrapMessages.OutOfBoundsMemory);
        }
    }

    /// <summary>
    /// Traps unless a WASI value or structure of <paramref name="length"/> bytes at <paramref name="address"/> lies
    /// inside memory and is aligned to <paramref name="alignment"/>. Wasmtime traps on a misaligned pointer to any
    /// value wider than a byte ("Pointer not aligned to N"), so programs see the same; this engine checks before the
    /// call has any effect, where Wasmtime finds it when it writes the result.
    /// </summary>
    public static void CheckOut(MemoryInstance memory, ulong address, ulong length, uint alignment)
    {
        CheckAligned(address, alignment);
        CheckRange(memory, address, length);
    }

    public static uint ReadU32(MemoryInstance memory, uint address)
    {
        CheckAligned(address, 4);
        return memory.Load<uint>(address);
    }

    public static void WriteU8(MemoryInstance memory, ulong address, byte value) => memory.Store(address, value);

    public static void WriteU16(MemoryInstance memory, ulong address, ushort value)
    {
        CheckAligned(address, 2);
        memory.Store(address, value);
    }

    public static void WriteU32(MemoryInstance memory, ulong address, uint value)
    {
        CheckAligned(address, 4);
        memory.Store(address, value);
    }

    public static void WriteU64(MemoryInstance memory, ulong address, ulong value)
    {
        CheckAligned(address, 8);
        memory.Store(address, value);
    }

    private static void CheckAligned(ulong address, uint alignment)
    {
        if ((address & (alignment - 1)) != 0)
        {
            throw new WasmTrapException($"pointer not aligned to {alignment}");
        }
    }

    /// <summary>Reads a UTF-8 path; too long is ENAMETOOLONG, not UTF-8 is EILSEQ.</summary>
    public static WasiErrno ReadPath(MemoryInstance memory, uint address, uint length, out string path)
    {
        path = "";
        if (length > WasiLayout.MaxPathBytes)
        {
            CheckRange(memory, address, length);
            return WasiErrno.NameTooLong;
        }

        Span<byte> bytes = stackalloc byte[(int)length];
        memory.Read(address, bytes);
        try
        {
            path = StrictUtf8.GetString(bytes);
            return WasiErrno.Success;
        }
        catch (DecoderFallbackException)
        {
            return WasiErrno.IllegalSequence;
        }
    }

    /// <summary>Reads an iovec array (pointer, length pairs), checking that every buffer lies inside memory.</summary>
    public static WasiErrno ReadIovecs(MemoryInstance memory, uint address, uint count, out (uint Address, uint Length)[] iovecs)
    {
        iovecs = [];
        if (count > WasiLayout.MaxIovecs)
        {
            return WasiErrno.Invalid;
        }

        CheckOut(memory, address, (ulong)count * WasiLayout.IovecSize, 4);
        var result = new (uint, uint)[count];
        for (var i = 0u; i < count; i++)
        {
            var buffer = memory.Load<uint>(address + (i * WasiLayout.IovecSize));
            var length = memory.Load<uint>(address + (i * WasiLayout.IovecSize) + 4);
            CheckRange(memory, buffer, length);
            result[i] = (buffer, length);
        }

        iovecs = result;
        return WasiErrno.Success;
    }

    /// <summary>Writes a NUL-terminated list of strings: pointers at <paramref name="pointers"/>, bytes at <paramref name="buffer"/>.</summary>
    public static void WriteStringList(MemoryInstance memory, IReadOnlyList<string> strings, uint pointers, uint buffer)
    {
        var encoded = strings.Select(s => Encoding.UTF8.GetBytes(s + "\0")).ToArray();
        CheckOut(memory, pointers, (ulong)encoded.Length * 4, 4);
        CheckRange(memory, buffer, (ulong)encoded.Sum(e => (long)e.Length));
        var at = buffer;
        for (var i = 0; i < encoded.Length; i++)
        {
            memory.Store(pointers + ((ulong)i * 4), at);
            memory.Write(at, encoded[i]);
            at += (uint)encoded[i].Length;
        }
    }

    public static uint EncodedSize(IReadOnlyList<string> strings) =>
        (uint)strings.Sum(s => (long)Encoding.UTF8.GetByteCount(s) + 1);
}
