using System.Security.Cryptography;

namespace WasmActors.Wasm.Wasi;

/// <summary>Where random_get's bytes come from.</summary>
public interface IWasiRandom
{
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's cryptographic generator.</summary>
public sealed class SystemWasiRandom : IWasiRandom
{
    public static readonly SystemWasiRandom Instance = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}

/// <summary>A seeded generator (splitmix64): the same seed gives the same bytes, for reproducible runs.</summary>
public sealed class SeededWasiRandom : IWasiRandom
{
    public SeededWasiRandom(ulong seed)
    {
        State = seed;
    }

    /// <summary>The generator's whole state; a snapshot can store it and continue the sequence elsewhere.</summary>
    public ulong State { get; set; }

    public void Fill(Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            State += 0x9E3779B97F4A7C15UL;
            var z = State;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            destination[i] = (byte)(z ^ (z >> 31));
        }
    }
}
