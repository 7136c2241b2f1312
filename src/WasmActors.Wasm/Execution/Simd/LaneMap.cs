using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>Lane-by-lane evaluation, for the SIMD operations whose wasm semantics no single vector primitive gives exactly.</summary>
internal static class LaneMap
{
    public static Vector128<byte> Map<T>(Vector128<byte> a, Func<T, T> f)
        where T : unmanaged
    {
        var x = a.As<byte, T>();
        Span<T> result = stackalloc T[Vector128<T>.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = f(x.GetElement(i));
        }

        return Vector128.Create<T>(result).As<T, byte>();
    }

    public static Vector128<byte> Zip<T>(Vector128<byte> a, Vector128<byte> b, Func<T, T, T> f)
        where T : unmanaged
    {
        var x = a.As<byte, T>();
        var y = b.As<byte, T>();
        Span<T> result = stackalloc T[Vector128<T>.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = f(x.GetElement(i), y.GetElement(i));
        }

        return Vector128.Create<T>(result).As<T, byte>();
    }

    /// <summary>Conversion of the first lanes of a (as many as the result has), the rest of the result zero.</summary>
    public static Vector128<byte> Convert<TIn, TOut>(Vector128<byte> a, Func<TIn, TOut> f)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        var x = a.As<byte, TIn>();
        Span<TOut> result = stackalloc TOut[Vector128<TOut>.Count];
        var count = Math.Min(result.Length, Vector128<TIn>.Count);
        for (var i = 0; i < count; i++)
        {
            result[i] = f(x.GetElement(i));
        }

        return Vector128.Create<TOut>(result).As<TOut, byte>();
    }
}
