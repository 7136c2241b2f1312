namespace WasmActors.PublicApi.Tests;

/// <summary>
/// The packed libraries' public surface, one baseline per assembly: a type or member that becomes public (or stops
/// being public) fails here until its approved file is updated on purpose (<see cref="ApprovedApi"/>).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Wasm() => ApprovedApi.Verify("WasmActors.Wasm");

    [Fact]
    public void Snapshot() => ApprovedApi.Verify("WasmActors.Snapshot");

    [Fact]
    public void Transport() => ApprovedApi.Verify("WasmActors.Transport");

    [Fact]
    public void Actors() => ApprovedApi.Verify("WasmActors.Actors");

    [Fact]
    public void TestKit() => ApprovedApi.Verify("WasmActors.TestKit");
}
