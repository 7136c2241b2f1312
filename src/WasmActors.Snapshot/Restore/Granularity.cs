namespace WasmActors.Snapshot.Restore;

/// <summary>The unit a fork fetches at a time (docs/snapshot-format.md, ADR-005), finest to coarsest.</summary>
public enum Granularity
{
    /// <summary>One page of any paged object: memory, data segments, tables, code (as Mitosis).</summary>
    Page,

    /// <summary>Whole instances for functions, tables, globals and elements; pages for memories and data.</summary>
    Mixture,

    /// <summary>One instance at a time (a memory with all its pages, a table, a module's code).</summary>
    Instance,

    /// <summary>One module instance with everything it defines.</summary>
    Module,

    /// <summary>The whole snapshot as one blob (as Faasm).</summary>
    Wasm,
}

/// <summary>When the units are copied (the seed's two modes).</summary>
public enum CopyMode
{
    /// <summary>Every unit is copied before the first instruction; the fork owns all its pages.</summary>
    NoCow,

    /// <summary>
    /// Conf and the store's sizes first; memory pages, tables and segments are fetched on first touch (post-copy),
    /// one unit of the granularity at a time, and memory pages are shared read-only until written. Globals (whose
    /// record is their value) and module code arrive before the first instruction (docs/adr-005-lazy-store-units.md).
    /// </summary>
    Cow,
}
