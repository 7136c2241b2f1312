using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Stands between an instance and the memory node for the uploads of one capture request whose requester wants
/// progress: passes each part on (keeping the instance as sender, so the memory node answers it directly) and tells
/// the progress actor how much has gone. A migration uploads several rounds through the same relay, each with its
/// own upload request id, so the relay lives until nothing has come for the upload timeout.
/// </summary>
internal sealed class UploadRelay : ReceiveActor
{
    private long _upload = long.MinValue;
    private int _round;
    private long _bytes;
    private int _parts;

    public UploadRelay(ActorSelection store, IActorRef progress, long requestId, TimeSpan idle)
    {
        Context.SetReceiveTimeout(idle);
        Receive<SnapshotUploadPart>(part =>
        {
            store.Tell(part, Sender);
            if (part.RequestId != _upload)
            {
                (_upload, _bytes, _parts) = (part.RequestId, 0, 0);
                _round++;
            }

            _bytes += part.Data.Length;
            _parts++;
            var what = _round == 1 ? "snapshot upload" : $"snapshot upload, round {_round}";
            progress.Tell(new TransferProgress(requestId, what, _bytes, part.TotalBytes, _parts, part.Parts));
        });
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
    }

    public static Props Props(ActorSelection store, IActorRef progress, long requestId, TimeSpan idle) =>
        Akka.Actor.Props.Create(() => new UploadRelay(store, progress, requestId, idle));
}
