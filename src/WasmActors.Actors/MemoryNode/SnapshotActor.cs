using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Durable;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// One snapshot on the memory node. First it receives the upload (parts in any order, duplicates ignored, the
/// whole verified chunk by chunk when read); then it serves the manifest, records and code itself and routes page
/// faults to one <see cref="MemoryRegionActor"/> per memory region. An upload may be a lineage delta naming a
/// parent this node holds: it is stored as such (only its own chunks), and every chunk it refers to is served
/// from it or its ancestors. A delta whose parent is not here is refused with <see cref="SnapshotParentMissing"/>.
/// With a durable store the upload is written to disk before its registry acknowledges it (once the other holders
/// have it too); a snapshot read back from the store at start begins serving at once.
/// </summary>
internal sealed class SnapshotActor : ReceiveActor
{
    private readonly string _snapshotId;
    private readonly WasmActorsSettings _settings;
    private readonly MemoryNodeCounters _counters;
    private readonly BulkEndpoint? _bulk;
    private readonly Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? _onStored;
    private readonly StoredLineage _lineage;
    private readonly Action<string, int>? _onDropped;
    private readonly DurableSnapshotStore? _disk;
    private readonly StoredSnapshot? _restored;
    private BlobAssembler? _upload;
    private Snapshot.SnapshotImage? _snapshot;
    private byte[]? _whole;
    private bool _wholeIsFlat;
    private readonly Dictionary<ChunkId, int> _regionOfPage = [];
    private IActorRef[] _regions = [];
    private byte[] _layout = [];

    public SnapshotActor(string snapshotId, WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? onStored, StoredLineage lineage, Action<string, int>? onDropped = null, DurableSnapshotStore? disk = null, StoredSnapshot? restored = null)
    {
        _onDropped = onDropped;
        _disk = disk;
        _restored = restored;
        _lineage = lineage;
        _snapshotId = snapshotId;
        _settings = settings;
        _counters = counters;
        _bulk = bulk;
        _onStored = onStored;
        Receiving();
    }

    public static Props Props(string snapshotId, WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? onStored, StoredLineage lineage, Action<string, int>? onDropped = null, DurableSnapshotStore? disk = null, StoredSnapshot? restored = null) =>
        Akka.Actor.Props.Create(() => new SnapshotActor(snapshotId, settings, counters, bulk, onStored, lineage, onDropped, disk, restored));

    protected override void PostStop()
    {
        _lineage.Remove(_snapshotId);
        if (_regions.Length > 0)
        {
            _onDropped?.Invoke(_snapshotId, _regions.Length);
        }
    }

    protected override void PreStart()
    {
        if (_restored is null)
        {
            Context.SetReceiveTimeout(_settings.UploadTimeout);
            return;
        }

        // Read back from the durable store; the registry has put it in the lineage and its list already.
        _snapshot = _restored.Snapshot;
        Serve(Reference);
    }

    private SnapshotRef Reference => new(_snapshotId, _settings.NodeName, Self, _bulk);

    private void Receiving()
    {
        Receive<SnapshotUploadPart>(part =>
        {
            if (_upload is null)
            {
                _upload = BlobAssembler.Create(part.Parts, part.TotalBytes, long.MaxValue, out var problem);
                if (_upload is null)
                {
                    Fail(part.RequestId, $"the upload is not acceptable: {problem}");
                    return;
                }
            }

            if (!_upload.Add(part.Part, part.Parts, part.TotalBytes, part.Data))
            {
                Fail(part.RequestId, $"upload part {part.Part}/{part.Parts} does not match the upload");
                return;
            }

            if (_upload.IsComplete)
            {
                Store(part);
            }
        });
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
    }

    private void Store(SnapshotUploadPart last)
    {
        try
        {
            _whole = _upload!.Assemble();
            Snapshot.SnapshotImage? parent = null;
            if (SnapshotFile.ReadParentId(_whole) is ChunkId parentId)
            {
                parent = _lineage.Find(parentId);
                if (parent is null)
                {
                    Sender.Tell(new SnapshotParentMissing(last.RequestId, _snapshotId, parentId.ToString()));
                    Context.Stop(Self);
                    return;
                }
            }

            _snapshot = SnapshotFile.Read(_whole, parent: parent);
            SnapshotMemories.Check(_snapshot);
            if (!Persist(last))
            {
                return;
            }

            var reference = Reference;

            // Verified: the uploader may go on (a migration's target is waiting). A delta naming this snapshot may
            // arrive at once, so the lineage knows it first; requests to this actor queue behind the rest, so the
            // regions (every page of every memory, read through the lineage) are worked out after the reply.
            _lineage.Add(_snapshotId, _snapshot);
            // The registry hears of it before the uploader does: a request that follows the reply (a fork, a
            // locate) finds it. One region per memory.
            // It acknowledges the upload once the holder map, and as many other memory nodes as
            // wasmactors.memory-node.replicas asks for, have it (docs/adr-022-snapshot-replication.md).
            var snapshot = _snapshot;
            var ack = new UploadAck(Sender, new SnapshotStored(last.RequestId, reference, _snapshot.Chunks.Count, _whole.Length), last.Replica, _whole, () => SnapshotFile.Write(snapshot));
            Context.Parent.Tell(new SnapshotReady(new SnapshotInfo(_snapshotId, last.FromInstance, _snapshot.Chunks.Count, _whole.Length, _snapshot.Manifest.Memories.Length) { ParentId = _snapshot.Parent is { } lineageParent ? _lineage.IdOf(lineageParent) : null }, reference, ack));
            _upload = null;
            Serve(reference);
        }
        catch (Exception e) when (e is SnapshotFormatException or InvalidDataException or InvalidOperationException)
        {
            Fail(last.RequestId, $"the uploaded snapshot is not valid: {e.Message}");
        }
    }

    /// <summary>Writes the verified upload to the durable store, if the node has one; false (and the uploader told) if the disk refused it.</summary>
    private bool Persist(SnapshotUploadPart last)
    {
        try
        {
            _disk?.Put(_snapshotId, last.FromInstance, _whole!.Length, _snapshot!);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(last.RequestId, $"memory node {_settings.NodeName} could not write the snapshot to its store: {e.Message}");
            return false;
        }
    }

    /// <summary>Sets up one region actor per memory and starts serving.</summary>
    private void Serve(SnapshotRef reference)
    {
        var layout = RegionLayouts.Of(_snapshot!);
        _layout = RegionLayoutCodec.Encode(layout);
        _regions = new IActorRef[layout.Length];
        for (var r = 0; r < layout.Length; r++)
        {
            _regions[r] = Context.ActorOf(MemoryRegionActor.Props(_snapshot!, layout[r], _settings.RemoteChunkBytes, _counters), $"region-{r}");
            foreach (var page in layout[r].PageChunks)
            {
                _regionOfPage.TryAdd(page, r);
            }
        }

        _onStored?.Invoke(reference, _snapshot!, layout);
        Context.SetReceiveTimeout(null);
        Become(Serving);
    }

    private void Fail(long requestId, string reason)
    {
        Sender.Tell(new OperationFailed(requestId, "snapshot", reason));
        Context.Stop(Self);
    }

    private void Serving()
    {
        Receive<SnapshotUploadPart>(_ => { }); // a duplicate of a part already stored
        Receive<FetchSnapshotData>(OnFetch);
        Receive<DeleteSnapshot>(m => Context.Parent.Forward(m)); // the registry knows the lineage
    }

    private void OnFetch(FetchSnapshotData request)
    {
        // A reference to this actor may reach a peer under another snapshot's name: serving it this snapshot's
        // manifest or chunks would restore the wrong program without a word.
        if (request.SnapshotId != _snapshotId)
        {
            Sender.Tell(new SnapshotDataFailed(request.RequestId, $"this holder's snapshot is {_snapshotId}, not {request.SnapshotId}"));
            return;
        }

        var snapshot = _snapshot!;
        switch (request.Kind)
        {
            case SnapshotDataKind.Manifest:
                Reply(request, snapshot.ManifestBytes, 1);
                return;
            case SnapshotDataKind.Whole:
                // A delta's own file needs its parent to be read: the whole snapshot goes out flattened. A snapshot
                // read back from the store has no upload file: one is written on first demand.
                if (_whole is null || (snapshot.Parent is not null && !_wholeIsFlat))
                {
                    _whole = SnapshotFile.Write(snapshot);
                    _wholeIsFlat = true;
                }

                Reply(request, _whole!, snapshot.Chunks.Count);
                return;
            case SnapshotDataKind.Layout:
                Reply(request, _layout, 0);
                return;
        }

        var ids = SnapshotReplies.UnpackIds(request.ChunkIds);
        if (ids is null || ids.Length == 0)
        {
            Sender.Tell(new SnapshotDataFailed(request.RequestId, "a chunk request must list whole 16-byte ids"));
            return;
        }

        // A fault on pages of one region goes to that region's actor, which serves it.
        if (_regionOfPage.TryGetValue(ids[0], out var region) && ids.All(id => _regionOfPage.TryGetValue(id, out var r) && r == region))
        {
            _regions[region].Forward(request);
            return;
        }

        var chunks = new byte[ids.Length][];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!snapshot.TryGetChunk(ids[i], out var chunk))
            {
                Sender.Tell(new SnapshotDataFailed(request.RequestId, $"snapshot {_snapshotId} has no chunk {ids[i]}"));
                return;
            }

            chunks[i] = chunk;
        }

        Reply(request, BlobParts.JoinChunks(chunks), chunks.Length);
    }

    private void Reply(FetchSnapshotData request, byte[] blob, int chunks)
    {
        _counters.Served(chunks, blob.Length);
        SnapshotReplies.SendBlob(Sender, request.RequestId, blob, _settings.RemoteChunkBytes, Self);
    }
}
