using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Tests.Binary;
using WasmActors.Wasm.Validation;
using Xunit.Abstractions;

namespace WasmActors.Wasm.Tests.Validation;

/// <summary>
/// Bad input must yield a <see cref="WasmValidationException"/>, never another exception: replaces instructions
/// of the spec suite's valid modules with random ones (any opcode, arbitrary immediates) and validates them.
/// </summary>
public sealed class ValidatorRobustnessTests(ITestOutputHelper output)
{
    private const int MutationsPerModule = 12;
    private static readonly Opcode[] Opcodes = Enum.GetValues<Opcode>();

    [Fact]
    public void RandomlyMutatedSpecModulesOnlyFailWithValidationErrors()
    {
        var random = new Random(20261125);
        int accepted = 0, rejected = 0;
        var crashes = new List<string>();
        foreach (var file in SpecSuite.NonSimdJsonFiles())
        {
            foreach (var command in SpecSuite.ModuleCommands(file))
            {
                if (command.Type != "module" || command.ModuleType != "binary")
                {
                    continue;
                }

                var module = ModuleLoader.Load(File.ReadAllBytes(command.Path));
                for (var i = 0; i < MutationsPerModule; i++)
                {
                    var code = PickCode(module, random);
                    if (code is null)
                    {
                        break;
                    }

                    var at = random.Next(code.Length);
                    var original = code[at];
                    code[at] = RandomInstruction(random, original.Offset);
                    try
                    {
                        ModuleValidator.Validate(module);
                        accepted++;
                    }
                    catch (WasmValidationException)
                    {
                        rejected++;
                    }
                    catch (Exception e)
                    {
                        crashes.Add($"{command.Location}: {code[at]} -> {e.GetType().Name}: {e.Message}");
                    }

                    code[at] = original;
                }
            }
        }

        output.WriteLine($"mutants accepted {accepted}, rejected {rejected}, crashes {crashes.Count}");
        Assert.True(rejected > 1000, $"only {rejected} mutants were rejected; are the spec modules there?");
        Assert.True(crashes.Count == 0, string.Join('\n', crashes.Take(20)));
    }

    /// <summary>A function body or constant expression of the module, or null if it has none.</summary>
    private static Instruction[]? PickCode(Module module, Random random)
    {
        var candidates = new List<Instruction[]>();
        foreach (var function in module.Functions)
        {
            candidates.Add(function.Body);
        }

        foreach (var global in module.Globals)
        {
            candidates.Add(global.Init.Instructions);
        }

        foreach (var segment in module.Elements)
        {
            candidates.AddRange(segment.Items.Select(item => item.Instructions));
        }

        candidates.RemoveAll(code => code.Length == 0);
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }

    private static Instruction RandomInstruction(Random random, int offset)
    {
        var opcode = Opcodes[random.Next(Opcodes.Length)];
        uint[]? labels = opcode == Opcode.BrTable ? [Immediate(random), Immediate(random)] : null;
        return new Instruction(opcode, Immediate(random), Immediate(random), (ulong)random.NextInt64(), labels, offset);
    }

    /// <summary>Mostly small indices (which hit real entities), sometimes anything.</summary>
    private static uint Immediate(Random random) => random.Next(4) switch
    {
        0 => (uint)random.Next(),
        1 => uint.MaxValue - (uint)random.Next(3),
        _ => (uint)random.Next(4),
    };
}
