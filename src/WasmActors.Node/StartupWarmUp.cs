using Akka.Configuration;
using WasmActors.Actors.Internal;

namespace WasmActors.Node;

/// <summary>
/// First-use costs every command that reaches the cluster pays and that depend on nothing the command says, started
/// on a thread of its own at entry so that they overlap parsing the command line and reading the configuration:
/// <list type="bullet">
/// <item>Akka reads each duration in HOCON with a compiled regular expression built on its first use (about 60 ms,
/// emitting and compiling the matcher, which otherwise fell on the client's first setting);</item>
/// <item><c>ActorSystem.Create(name, setup)</c> always reads the application's configuration file's <c>akka</c>
/// section, even when the setup carries the configuration (System.Configuration's first use, about 45 ms); the
/// section is cached, so the system then finds it read.</item>
/// </list>
/// Nothing that takes a lock the command needs (loading OpenSSL did: the certificate's load then waited for this
/// thread). At low priority: a command that does not need it (a local run) loses nothing on a busy machine; if the
/// command gets there first, both caches let it go on, and nothing waits.
/// </summary>
internal static class StartupWarmUp
{
    public static void Start() => LowPriorityThread.Start("startup warm-up", Run);

    private static void Run()
    {
        try
        {
            _ = ConfigurationFactory.ParseString("warm-up = 1s").GetTimeSpan("warm-up");
            _ = ConfigurationFactory.Load();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: the command pays it itself if it fails here.
        }
    }
}
