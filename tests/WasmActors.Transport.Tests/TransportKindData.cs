namespace WasmActors.Transport.Tests;

internal static class TransportKindData
{
    /// <summary>Every backend that can run on this machine (System.Net.Quic only where libmsquic is present).</summary>
    public static TheoryData<string> Available()
    {
        var data = new TheoryData<string> { TransportKinds.Tcp, TransportKinds.TcpPlain, TransportKinds.Quic };
        return data;
    }
}
