using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// Akka.Hosting's logger into Microsoft.Extensions.Logging, with the system's log filters applied: its own logger
/// ignores them (only Akka's standard-output logger reads them), so a node's log filled with an error for each
/// command-line client that left (<see cref="DisassociationNoiseFilter"/>).
/// </summary>
internal sealed class FilteringLoggerFactoryLogger : LoggerFactoryLogger
{
    private readonly LogFilterEvaluator _filter = Context.System.Settings.LogFilter;

    protected override void Log(LogEvent log, ActorPath path)
    {
        if (_filter.ShouldTryKeepMessage(log, out _))
        {
            base.Log(log, path);
        }
    }
}
