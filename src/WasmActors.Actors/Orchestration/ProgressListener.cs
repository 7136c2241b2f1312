using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// A short-lived actor that receives a request's <see cref="TransferProgress"/> messages and hands them to an
/// <see cref="IProgress{T}"/>; dispose it when the request has its reply.
/// </summary>
internal sealed class ProgressListener : IDisposable
{
    private readonly ActorSystem _system;

    private ProgressListener(ActorSystem system, IActorRef actor)
    {
        _system = system;
        Ref = actor;
    }

    /// <summary>The actor to name as a request's Progress.</summary>
    public IActorRef Ref { get; }

    /// <summary>A listener for <paramref name="progress"/>, or null when there is nobody to tell.</summary>
    public static ProgressListener? Start(ActorSystem system, IProgress<TransferProgress>? progress) =>
        progress is null ? null : new ProgressListener(system, system.ActorOf(Props.Create(() => new Listener(progress))));

    public void Dispose() => _system.Stop(Ref);

    private sealed class Listener : ReceiveActor
    {
        public Listener(IProgress<TransferProgress> progress) => Receive<TransferProgress>(progress.Report);
    }
}
