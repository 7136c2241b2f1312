namespace WasmActors.Snapshot.Restore;

/// <summary>
/// The instance kinds besides memory that a restore builds pseudo-initialised, with a fault reference, rather than
/// from serialised state fetched before the first instruction (docs/adr-005-lazy-store-units.md).
/// </summary>
[Flags]
internal enum LazyKinds
{
    None = 0,
    Tables = 1,
    Elements = 2,
    Datas = 4,
    All = Tables | Elements | Datas,
}

internal static class LazyKindsOf
{
    /// <summary>
    /// No-COW copies everything first and Wasm has everything local; Mixture starts with the whole non-memory
    /// instances and fetches data segments lazily; Page, Instance and Module start with Conf and sizes only.
    /// </summary>
    public static LazyKinds For(Granularity granularity, CopyMode mode) => (granularity, mode) switch
    {
        (_, CopyMode.NoCow) or (Granularity.Wasm, _) => LazyKinds.None,
        (Granularity.Mixture, _) => LazyKinds.Datas,
        _ => LazyKinds.All,
    };
}
