using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Stands between an instance and the memory node for one snapshot upload whose requester wants progress: passes
/// each part on (keeping the instance as sender, so the memory node answers it directly) and tells the progress
/// actor how much has gone. Stops after the last part, or when nothing came for the upload timeout.
/// </summary>
internal sealed class UploadRelay : ReceiveActor
{
    private long _bytes;
    private int _parts;

    public UploadRelay(ActorSelection store, IActorRef progress, long requestId, TimeSpan idle)
    {
        Context.SetReceiveTimeout(idle);
        Receive<SnapshotUploadPart>(part =>
        {
            store.Tell(part, Sender);
            _bytes += part.Data.Length;
            _parts++;
            progress.Tell(new TransferProgress(requestId, "snapshot upload", _bytes, part.TotalBytes, _parts, part.Parts));
            if (_parts >= part.Parts)
            {
                Context.Stop(Self);
            }
        });
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
    }

    public static Props Props(ActorSelection store, IActorRef progress, long requestId, TimeSpan idle) =>
        Akka.Actor.Props.Create(() => new UploadRelay(store, progress, requestId, idle));
}
