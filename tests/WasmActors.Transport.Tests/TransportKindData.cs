namespace WasmActors.Transport.Tests;

internal static class TransportKindData
{
    /// <summary>Every backend that can run on this machine (System.Net.Quic only where libmsquic is present;
    /// <see cref="BackendSelectionTests"/> prints why it is left out otherwise).</summary>
    public static TheoryData<string> Available()
    {
        var data = new TheoryData<string> { TransportKinds.Tcp, TransportKinds.TcpPlain, TransportKinds.Quic };
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) && SystemQuic.SystemQuicPageTransport.IsSupported)
        {
            data.Add(TransportKinds.MsQuic);
        }
        return data;
    }
}
