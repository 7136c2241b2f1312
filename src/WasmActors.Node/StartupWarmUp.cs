using Akka.Configuration;
using WasmActors.Actors.Internal;

namespace WasmActors.Node;

/// <summary>
/// A first-use cost every command that reaches the cluster pays and that depends on nothing the command says, started
/// on a thread of its own at entry so that it overlaps parsing the command line and reading the configuration: Akka
/// reads each duration in HOCON with a compiled regular expression built on its first use (about 60 ms, emitting and
/// compiling the matcher, which otherwise fell on the client's first setting). Nothing that takes a lock the command
/// needs (loading OpenSSL did: the certificate's load then waited for this thread). Below normal priority: a command
/// that does not need it (a local run) loses nothing on a busy machine; if the command gets there first, Regex's cache
/// lets both build it, and nothing waits.
/// </summary>
internal static class StartupWarmUp
{
    public static void Start() => LowPriorityThread.Start("startup warm-up", Run);

    private static void Run()
    {
        try
        {
            _ = ConfigurationFactory.ParseString("warm-up = 1s").GetTimeSpan("warm-up");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: the command pays it itself if it fails here.
        }
    }
}
