namespace WasmActors.Transport;

/// <summary>Names one immutable version of a memory region: pages of a version never change, so a
/// fetched page can be cached by (region, version, page index).</summary>
public readonly record struct RegionKey(ulong RegionId, ulong Version)
{
    public override string ToString() => $"{RegionId:x}@{Version}";
}
