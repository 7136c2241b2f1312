using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WasmActors.Transport.Protocol;

/// <summary>
/// The page checksum of the protocol: XXH3-64 with seed 0 (the value of <see cref="XxHash3.HashToUInt64"/>).
/// Inputs over 240 bytes (every real page) take the algorithm's long path, implemented here so it can be
/// compiled fully optimised from its first call: System.IO.Hashing's version is tier-0 JIT code (loops,
/// vector intrinsics, no ReadyToRun image) for the first hundreds of megabytes a process hashes, several
/// times slower, which a node that migrates right after it starts would pay. Shorter inputs use the library.
/// </summary>
internal static class PageChecksum
{
    private const int StripeBytes = 64;
    private const int SecretBytes = 192;
    private const int StripesPerBlock = (SecretBytes - StripeBytes) / 8;
    private const int BlockBytes = StripeBytes * StripesPerBlock;
    private const int LastStripeSecretOffset = SecretBytes - StripeBytes - 7;
    private const int MergeSecretOffset = 11;
    private const uint Prime32x1 = 0x9E3779B1;
    private const uint Prime32x2 = 0x85EBCA77;
    private const uint Prime32x3 = 0xC2B2AE3D;
    private const ulong Prime64x1 = 0x9E3779B185EBCA87;
    private const ulong Prime64x2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime64x3 = 0x165667B19E3779F9;
    private const ulong Prime64x4 = 0x85EBCA77C2B2AE63;
    private const ulong Prime64x5 = 0x27D4EB2F165667C5;
    private const ulong PrimeMx1 = 0x165667919E3779F9;

    /// <summary>XXH3's default secret (kSecret of the reference implementation).</summary>
    private static ReadOnlySpan<byte> Secret =>
    [
        0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
        0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
        0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
        0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
        0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
        0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
        0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
        0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
        0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
        0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
        0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
        0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
    ];

    public static ulong Of(ReadOnlySpan<byte> data)
    {
        if (data.Length <= 240)
        {
            return XxHash3.HashToUInt64(data);
        }
        return Avx2.IsSupported && BitConverter.IsLittleEndian ? LongAvx2(data) : LongScalar(data);
    }

    /// <summary>The long path with one 64-bit lane per accumulator (any platform).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong LongScalar(ReadOnlySpan<byte> data)
    {
        Span<ulong> acc = stackalloc ulong[8];
        InitialAccumulators(acc);
        var secret = Secret;
        var blocks = (data.Length - 1) / BlockBytes;
        for (var b = 0; b < blocks; b++)
        {
            var block = data.Slice(b * BlockBytes, BlockBytes);
            for (var s = 0; s < StripesPerBlock; s++)
            {
                AccumulateScalar(acc, block.Slice(s * StripeBytes, StripeBytes), secret[(s * 8)..]);
            }
            ScrambleScalar(acc, secret[(SecretBytes - StripeBytes)..]);
        }
        var tail = data[(blocks * BlockBytes)..];
        var stripes = (tail.Length - 1) / StripeBytes;
        for (var s = 0; s < stripes; s++)
        {
            AccumulateScalar(acc, tail.Slice(s * StripeBytes, StripeBytes), secret[(s * 8)..]);
        }
        AccumulateScalar(acc, data[^StripeBytes..], secret[LastStripeSecretOffset..]);
        return Merge(acc, (ulong)data.Length * Prime64x1);
    }

    /// <summary>The long path with four lanes per instruction (x86 AVX2): two vectors hold the eight accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe ulong LongAvx2(ReadOnlySpan<byte> data)
    {
        Span<ulong> acc = stackalloc ulong[8];
        InitialAccumulators(acc);
        fixed (byte* input = data)
        fixed (byte* secret = Secret)
        fixed (ulong* a = acc)
        {
            var acc0 = Vector256.Load(a);
            var acc1 = Vector256.Load(a + 4);
            var blocks = (data.Length - 1) / BlockBytes;
            for (var b = 0; b < blocks; b++)
            {
                var block = input + (b * BlockBytes);
                for (var s = 0; s < StripesPerBlock; s++)
                {
                    AccumulateAvx2(ref acc0, ref acc1, block + (s * StripeBytes), secret + (s * 8));
                }
                ScrambleAvx2(ref acc0, ref acc1, secret + SecretBytes - StripeBytes);
            }
            var tail = input + (blocks * BlockBytes);
            var stripes = (data.Length - (blocks * BlockBytes) - 1) / StripeBytes;
            for (var s = 0; s < stripes; s++)
            {
                AccumulateAvx2(ref acc0, ref acc1, tail + (s * StripeBytes), secret + (s * 8));
            }
            AccumulateAvx2(ref acc0, ref acc1, input + data.Length - StripeBytes, secret + LastStripeSecretOffset);
            acc0.Store(a);
            acc1.Store(a + 4);
        }
        return Merge(acc, (ulong)data.Length * Prime64x1);
    }

    private static void InitialAccumulators(Span<ulong> acc)
    {
        acc[0] = Prime32x3;
        acc[1] = Prime64x1;
        acc[2] = Prime64x2;
        acc[3] = Prime64x3;
        acc[4] = Prime64x4;
        acc[5] = Prime32x2;
        acc[6] = Prime64x5;
        acc[7] = Prime32x1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateScalar(Span<ulong> acc, ReadOnlySpan<byte> stripe, ReadOnlySpan<byte> secret)
    {
        for (var i = 0; i < 8; i++)
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(stripe[(8 * i)..]);
            var keyed = value ^ BinaryPrimitives.ReadUInt64LittleEndian(secret[(8 * i)..]);
            acc[i ^ 1] += value;
            acc[i] += (keyed & 0xFFFFFFFF) * (keyed >> 32);
        }
    }

    private static void ScrambleScalar(Span<ulong> acc, ReadOnlySpan<byte> secret)
    {
        for (var i = 0; i < 8; i++)
        {
            var value = acc[i];
            value ^= value >> 47;
            value ^= BinaryPrimitives.ReadUInt64LittleEndian(secret[(8 * i)..]);
            acc[i] = value * Prime32x1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AccumulateAvx2(ref Vector256<ulong> acc0, ref Vector256<ulong> acc1, byte* stripe, byte* secret)
    {
        acc0 = AccumulateHalf(acc0, Vector256.Load((ulong*)stripe), Vector256.Load((ulong*)secret));
        acc1 = AccumulateHalf(acc1, Vector256.Load((ulong*)(stripe + 32)), Vector256.Load((ulong*)(secret + 32)));
    }

    /// <summary>acc[i ^ 1] += value[i]; acc[i] += low32(value ^ key) × high32(value ^ key), four lanes at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> AccumulateHalf(Vector256<ulong> acc, Vector256<ulong> value, Vector256<ulong> key)
    {
        var keyed = value ^ key;
        var product = Avx2.Multiply(keyed.AsUInt32(), Avx2.ShiftRightLogical(keyed, 32).AsUInt32());
        var swapped = Avx2.Shuffle(value.AsUInt32(), 0b01_00_11_10).AsUInt64(); // swap the 64-bit lanes of each pair
        return acc + swapped + product;
    }

    private static unsafe void ScrambleAvx2(ref Vector256<ulong> acc0, ref Vector256<ulong> acc1, byte* secret)
    {
        acc0 = ScrambleHalf(acc0, Vector256.Load((ulong*)secret));
        acc1 = ScrambleHalf(acc1, Vector256.Load((ulong*)(secret + 32)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> ScrambleHalf(Vector256<ulong> acc, Vector256<ulong> key)
    {
        var value = acc ^ Avx2.ShiftRightLogical(acc, 47) ^ key;
        var prime = Vector256.Create((ulong)Prime32x1).AsUInt32();
        var low = Avx2.Multiply(value.AsUInt32(), prime);
        var high = Avx2.Multiply(Avx2.ShiftRightLogical(value, 32).AsUInt32(), prime);
        return low + Avx2.ShiftLeftLogical(high, 32);
    }

    private static ulong Merge(ReadOnlySpan<ulong> acc, ulong start)
    {
        var secret = Secret[MergeSecretOffset..];
        var result = start;
        for (var i = 0; i < 4; i++)
        {
            var left = acc[2 * i] ^ BinaryPrimitives.ReadUInt64LittleEndian(secret[(16 * i)..]);
            var right = acc[(2 * i) + 1] ^ BinaryPrimitives.ReadUInt64LittleEndian(secret[((16 * i) + 8)..]);
            var high = Math.BigMul(left, right, out var low);
            result += low ^ high;
        }
        result ^= result >> 37;
        result *= PrimeMx1;
        return result ^ (result >> 32);
    }
}
