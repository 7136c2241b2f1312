using System.Security.Cryptography;
using System.Text;
using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Security;

/// <summary>The 32-byte proof a client sends in Hello: HMAC-SHA256 of the ALPN under the shared cluster
/// secret (zeros without a secret). It travels only inside TLS, so it is not exposed on the wire.</summary>
internal static class ClusterProof
{
    public static byte[] Compute(byte[]? secret)
        => secret is null || secret.Length == 0
            ? new byte[ProtocolConstants.ClusterProofBytes]
            : HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(ProtocolConstants.Alpn + " cluster proof"));

    public static bool Verify(byte[]? secret, byte[] proof)
        => secret is null || secret.Length == 0 || CryptographicOperations.FixedTimeEquals(Compute(secret), proof);
}
