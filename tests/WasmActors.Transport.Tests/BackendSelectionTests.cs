using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.SystemQuic;
using WasmActors.Transport.Tcp;
using Xunit.Abstractions;

namespace WasmActors.Transport.Tests;

public sealed class BackendSelectionTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task System_Net_Quic_runs_only_where_supported_and_says_why_not()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            output.WriteLine("System.Net.Quic backend not tested: unsupported operating system");
            return;
        }
        if (SystemQuicPageTransport.IsSupported)
        {
            output.WriteLine("System.Net.Quic is supported here: the msquic backend runs the full contract suite (FetchTests, ErrorTests, MutualTlsTests).");
            Assert.Null(SystemQuicPageTransport.UnavailableReason);
            return;
        }
        var reason = SystemQuicPageTransport.UnavailableReason;
        output.WriteLine($"msquic backend tests skipped: {reason}");
        Console.WriteLine($"[transport tests] msquic backend tests skipped: {reason}");

        Exception? caught = null;
        try
        {
            // A direct call (not a lambda) keeps the platform guard above visible to the analyzer.
            await new SystemQuicPageTransport().StartServerAsync(TransportKinds.Loopback, new Server.PageRegistry(), TransportKinds.ServerOptions(TransportKinds.MsQuic));
        }
        catch (PageTransportException e)
        {
            caught = e;
        }

        var refused = Assert.IsType<PageTransportException>(caught);
        Assert.Equal(PageTransportError.Unsupported, refused.Error);
        Assert.NotNull(reason);
    }

    [Fact]
    public void Config_names_choose_backends_and_quic_falls_back_only_when_nothing_quic_can_run()
    {
        var logged = new List<string>();

        var tcp = PageTransports.Select("tcp", logged.Add);
        var quic = PageTransports.Select("QUIC", logged.Add);
        var ngtcp2 = PageTransports.Select("ngtcp2", logged.Add);

        Assert.IsType<TcpPageTransport>(tcp);
        Assert.Equal(NgQuicPageTransport.UnavailableReason is null ? "ngtcp2" : "tcp", ngtcp2 is NgQuicPageTransport ? "ngtcp2" : "tcp");
        Assert.NotEqual("tcp", quic.Name); // the shim is built with the project, so QUIC is available here
        Assert.Empty(logged);
        Assert.Throws<ArgumentException>(() => PageTransports.Select("carrier-pigeon"));
    }

    [Fact]
    public void Asking_for_msquic_where_it_is_missing_falls_back_to_tcp_in_one_logged_line()
    {
        var logged = new List<string>();

        var chosen = PageTransports.Select("msquic", logged.Add);

        if (chosen.Name == "msquic")
        {
            Assert.Empty(logged);
            return;
        }
        Assert.Equal("tcp", chosen.Name);
        var line = Assert.Single(logged);
        Assert.Contains("falling back to tcp", line);
    }
}
