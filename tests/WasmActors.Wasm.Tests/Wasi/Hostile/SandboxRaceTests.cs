using WasmActors.Wasm.Tests.Wasi.Differential;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi.Hostile;

/// <summary>
/// Two instances share one preopen: one keeps renaming a directory away and swapping an outward link into its
/// place (and back), the other keeps opening, reading, stat-ing and listing through that name. Bounded by a number
/// of rounds, not by time. Whatever interleaving the scheduler picks, the reader may only ever see the directory's
/// own file or an error, never the canary beside the preopen.
/// </summary>
public sealed class SandboxRaceTests
{
    private const int Rounds = 1_500;

    [Theory]
    [MemberData(nameof(SandboxEscapeTests.Lookups), MemberType = typeof(SandboxEscapeTests))]
    public void SwappingLinksUnderAReaderNeverLetsItOut(bool walk)
    {
        using var fixture = new SandboxFixture();
        File.WriteAllText(Path.Combine(fixture.Box, "d", "canary.txt"), "decoy inside");
        using var attacker = new HostileGuest(fixture.Box);
        using var reader = new HostileGuest(fixture.Box);
        var texts = new HashSet<string>();
        var listings = new HashSet<string>();
        var readerErrors = new HashSet<WasiErrno>();

        var swapping = new Thread(() =>
        {
            SandboxEscapeTests.Use(walk);
            for (var i = 0; i < Rounds; i++)
            {
                attacker.Rename("d", "t");
                attacker.Symlink(i % 2 == 0 ? ".." : "../../..", "d");
                attacker.Unlink("d");
                attacker.Rename("t", "d");
            }
        });
        var reading = new Thread(() =>
        {
            SandboxEscapeTests.Use(walk);
            for (var i = 0; i < Rounds; i++)
            {
                var status = reader.Open("d/canary.txt", out var file);
                if (status == WasiErrno.Success)
                {
                    reader.Read(file, out var text);
                    texts.Add(text);
                    reader.Wasi.FdClose(file);
                }
                else
                {
                    readerErrors.Add(status);
                }

                if (reader.Open("d", out var directory, directory: true) == WasiErrno.Success)
                {
                    reader.List(directory, out var names);
                    listings.Add(string.Join(',', names));
                    reader.Wasi.FdClose(directory);
                }
            }
        });
        swapping.Start();
        reading.Start();
        swapping.Join();
        reading.Join();

        // The only file named canary.txt the reader may reach is the decoy inside the directory.
        Assert.All(texts, t => Assert.Equal("decoy inside", t));
        Assert.All(listings, l => Assert.Equal(".,..,canary.txt,secret.txt", l));
        Assert.All(readerErrors, e => Assert.Contains(e, new[] { WasiErrno.NoEntry, WasiErrno.NotPermitted, WasiErrno.NotDirectory }));
        fixture.AssertCanaryUntouched();
        Assert.DoesNotContain(SandboxFixture.CanaryText, reader.Seen.ToString(), StringComparison.Ordinal);
        Assert.Equal(["box", "canary.txt"], Directory.GetFileSystemEntries(fixture.Parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("decoy inside", File.ReadAllText(Path.Combine(fixture.Box, "d", "canary.txt")));
    }
}
