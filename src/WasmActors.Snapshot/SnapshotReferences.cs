using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot;

/// <summary>Every chunk a snapshot's manifest refers to, directly or through its records.</summary>
internal static class SnapshotReferences
{
    public static HashSet<ChunkId> Of(SnapshotImage snapshot)
    {
        var m = snapshot.Manifest;
        var ids = new HashSet<ChunkId>();
        foreach (var id in m.Modules)
        {
            ids.Add(id);
            ids.UnionWith(RecordCodec.DecodeModule(snapshot.GetChunk(id), "module").Code.Pages);
        }

        ids.UnionWith(m.Functions);
        ids.UnionWith(m.Globals);
        foreach (var id in m.Tables)
        {
            ids.Add(id);
            ids.UnionWith(RecordCodec.DecodeTable(snapshot.GetChunk(id), "table").Elements.Pages);
        }

        foreach (var id in m.Memories)
        {
            ids.Add(id);
            ids.UnionWith(RecordCodec.DecodeMemoryHeader(snapshot.GetChunk(id), "memory", m.Conf.Engine.PageShift).Lists.Select(l => l.Id));
            ids.UnionWith(RecordCodec.DecodeMemory(snapshot.GetChunk(id), "memory", m.Conf.Engine.PageShift, list => snapshot.GetChunk(list)).ResidentPages.Select(p => p.Id));
        }

        foreach (var id in m.Elements)
        {
            ids.Add(id);
            ids.UnionWith(RecordCodec.DecodeElement(snapshot.GetChunk(id), "element").Items.Pages);
        }

        foreach (var id in m.Datas)
        {
            ids.Add(id);
            ids.UnionWith(RecordCodec.DecodeData(snapshot.GetChunk(id), "data").Bytes.Pages);
        }

        if (m.Execution is ChunkId execution)
        {
            ids.Add(execution);
        }

        return ids;
    }
}
