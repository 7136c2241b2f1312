using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>The lane-wise comparisons: all-ones lanes where the comparison holds. Float comparisons with NaN are false (ne: true).</summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdCompare
{
    public static Vector128<byte> Apply(int code, Vector128<byte> a, Vector128<byte> b) => code switch
    {
        >= 0x23 and <= 0x2C => Integer(code - 0x23, a.AsSByte(), b.AsSByte(), a, b),
        >= 0x2D and <= 0x36 => Integer(code - 0x2D, a.AsInt16(), b.AsInt16(), a.AsUInt16(), b.AsUInt16()),
        >= 0x37 and <= 0x40 => Integer(code - 0x37, a.AsInt32(), b.AsInt32(), a.AsUInt32(), b.AsUInt32()),
        >= 0x41 and <= 0x46 => Float(code - 0x41, a.AsSingle(), b.AsSingle()),
        >= 0x47 and <= 0x4C => Float(code - 0x47, a.AsDouble(), b.AsDouble()),
        _ => throw SimdLanes.Bad(code),
    };

    /// <summary>eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u, by <paramref name="which"/>.</summary>
    private static Vector128<byte> Integer<TSigned, TUnsigned>(int which, Vector128<TSigned> s, Vector128<TSigned> t, Vector128<TUnsigned> u, Vector128<TUnsigned> v)
    {
        return which switch
        {
            0 => Vector128.Equals(u, v).As<TUnsigned, byte>(),
            1 => (~Vector128.Equals(u, v)).As<TUnsigned, byte>(),
            2 => Vector128.LessThan(s, t).As<TSigned, byte>(),
            3 => Vector128.LessThan(u, v).As<TUnsigned, byte>(),
            4 => Vector128.GreaterThan(s, t).As<TSigned, byte>(),
            5 => Vector128.GreaterThan(u, v).As<TUnsigned, byte>(),
            6 => Vector128.LessThanOrEqual(s, t).As<TSigned, byte>(),
            7 => Vector128.LessThanOrEqual(u, v).As<TUnsigned, byte>(),
            8 => Vector128.GreaterThanOrEqual(s, t).As<TSigned, byte>(),
            _ => Vector128.GreaterThanOrEqual(u, v).As<TUnsigned, byte>(),
        };
    }

    /// <summary>eq, ne, lt, gt, le, ge, by <paramref name="which"/>.</summary>
    private static Vector128<byte> Float<T>(int which, Vector128<T> a, Vector128<T> b)
    {
        return which switch
        {
            0 => Vector128.Equals(a, b).As<T, byte>(),
            1 => (~Vector128.Equals(a, b)).As<T, byte>(),
            2 => Vector128.LessThan(a, b).As<T, byte>(),
            3 => Vector128.GreaterThan(a, b).As<T, byte>(),
            4 => Vector128.LessThanOrEqual(a, b).As<T, byte>(),
            _ => Vector128.GreaterThanOrEqual(a, b).As<T, byte>(),
        };
    }
}
