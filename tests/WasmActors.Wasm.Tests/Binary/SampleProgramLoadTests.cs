using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using Xunit.Abstractions;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>The committed sample programs (clang output with DWARF and name sections) load completely.</summary>
public sealed class SampleProgramLoadTests(ITestOutputHelper output)
{
    [Fact]
    public void EverySampleLoadsWithItsFunctionNames()
    {
        var samples = Directory.GetFiles(Path.Combine(SpecSuite.RepositoryRoot, "samples"), "*.wasm").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(samples);
        foreach (var path in samples)
        {
            var bytes = File.ReadAllBytes(path);
            var module = ModuleLoader.Load(bytes);
            int functionCount = module.ImportedFunctionCount + module.Functions.Count;
            output.WriteLine($"{Path.GetFileName(path)}: {bytes.Length} bytes, {module.Functions.Count} functions, "
                + $"{module.Functions.Sum(f => f.Body.Length)} instructions, {module.CustomSections.Count} custom sections");

            Assert.NotEmpty(module.Functions);
            var names = Assert.IsType<NameSection>(module.Names);
            Assert.Contains("_start", names.FunctionNames.Values);
            Assert.All(names.FunctionNames.Keys, index => Assert.InRange(index, 0u, (uint)functionCount - 1));
            Assert.All(module.Functions, f => Assert.Equal(Opcode.End, f.Body[^1].Opcode));
            Assert.Contains(module.CustomSections, c => c.Name == ".debug_info" && c.Bytes.Length > 0);
        }
    }

    [Fact]
    public void BodiesDecodedOnFirstUseEqualThoseDecodedAtOnce()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SpecSuite.RepositoryRoot, "samples", "sort.wasm"));
        var lazy = ModuleLoader.Load(bytes);
        var eager = ModuleLoader.Load((ReadOnlySpan<byte>)bytes);

        Assert.Equal(eager.Functions.Count, lazy.Functions.Count);
        for (var i = 0; i < eager.Functions.Count; i++)
        {
            Assert.Equal(eager.Functions[i].Locals, lazy.Functions[i].Locals);
            Assert.Equal(eager.Functions[i].CodeOffset, lazy.Functions[i].CodeOffset);
            Assert.Equal(eager.Functions[i].Body.Select(Describe), lazy.Functions[i].Body.Select(Describe));
        }
    }

    private static string Describe(Instruction i) => $"{i} {i.D} {i.Offset} {string.Join(',', i.Labels ?? [])}";
}
