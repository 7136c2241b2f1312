using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Bench.Wast;

/// <summary>The commands that load a module: <c>module</c>, <c>register</c> and the module assertions.</summary>
internal sealed partial class WastFileRunner
{
    private CommandOutcome DefineModule(WastCommand command)
    {
        ModuleAttempt attempt;
        try
        {
            attempt = TryInstantiate(command, EngineStage.Instantiate, command.Name);
        }
        catch (WastFormatException e)
        {
            // Later commands must not silently fall back to an older module.
            _modules.AddBroken(command.Line, command.Name, e.Message);
            throw;
        }

        if (attempt.Error is { } error)
        {
            _modules.AddBroken(command.Line, command.Name, EngineCalls.Describe(error));
            return CommandOutcome.Fail("the module to instantiate", EngineCalls.Describe(error), CauseOf(attempt));
        }

        _modules.Add(command.Line, command.Name, attempt.Instance!);
        return CommandOutcome.Pass;
    }

    private CommandOutcome Register(WastCommand command)
    {
        var alias = command.As ?? throw new WastFormatException("register without \"as\"");
        _linker.DefineInstance(alias, _modules.Resolve(command.Name));
        return CommandOutcome.Pass;
    }

    private CommandOutcome AssertMalformed(WastCommand command)
    {
        if (command.ModuleType == "text")
        {
            return CommandOutcome.Skip(TextModuleSkipReason);
        }

        // As in wasmtime, a module rejected by the validator also counts: decoders differ in what they check early.
        var attempt = TryInstantiate(command, EngineStage.Validate, null);
        return attempt.Error switch
        {
            WasmLoadException => CommandOutcome.Pass,
            WasmValidationException => CommandOutcome.PassWithNote("assert_malformed rejected by the validator, not the loader"),
            null => CommandOutcome.Fail($"malformed \"{command.Text}\"", "loaded and validated", "load: accepted a malformed module"),
            var error => CommandOutcome.Fail($"malformed \"{command.Text}\"", EngineCalls.Describe(error), CauseOf(attempt)),
        };
    }

    private CommandOutcome AssertInvalid(WastCommand command)
    {
        var attempt = TryInstantiate(command, EngineStage.Validate, null);
        return attempt.Error switch
        {
            WasmValidationException => CommandOutcome.Pass,
            WasmLoadException => CommandOutcome.PassWithNote("assert_invalid rejected by the loader, not the validator"),
            null => CommandOutcome.Fail($"invalid \"{command.Text}\"", "validated", "validate: accepted an invalid module"),
            var error => CommandOutcome.Fail($"invalid \"{command.Text}\"", EngineCalls.Describe(error), CauseOf(attempt)),
        };
    }

    private CommandOutcome AssertUnlinkable(WastCommand command)
    {
        var expected = $"unlinkable \"{command.Text}\"";
        var attempt = TryInstantiate(command, EngineStage.Instantiate, null);
        return attempt.Error switch
        {
            WasmLinkException link when TrapText.Matches(command.Text ?? string.Empty, link.Reason) => CommandOutcome.Pass,
            WasmLinkException link => CommandOutcome.Fail(expected, EngineCalls.Describe(link), "instantiate: wrong link error message"),
            null => CommandOutcome.Fail(expected, "instantiated", "instantiate: linked an unlinkable module"),
            var error => CommandOutcome.Fail(expected, EngineCalls.Describe(error), CauseOf(attempt)),
        };
    }

    private CommandOutcome AssertUninstantiable(WastCommand command)
    {
        var expected = $"instantiation trap \"{command.Text}\"";
        var attempt = TryInstantiate(command, EngineStage.Instantiate, null);
        return attempt.Error switch
        {
            WasmTrapException trap when attempt.Stage == EngineStage.Instantiate && TrapText.Matches(command.Text ?? string.Empty, trap.Reason) =>
                CommandOutcome.Pass,
            WasmTrapException trap when attempt.Stage == EngineStage.Instantiate =>
                CommandOutcome.Fail(expected, EngineCalls.Describe(trap), "instantiate: wrong trap message"),
            null => CommandOutcome.Fail(expected, "instantiated", "instantiate: no trap"),
            var error => CommandOutcome.Fail(expected, EngineCalls.Describe(error), CauseOf(attempt)),
        };
    }

    /// <summary>
    /// Loads, then validates, then instantiates the command's module, stopping after <paramref name="lastStage"/>
    /// or at the first error, which is returned with the stage that raised it.
    /// </summary>
    private ModuleAttempt TryInstantiate(WastCommand command, EngineStage lastStage, string? name)
    {
        var bytes = ReadModuleBytes(command);
        var stage = EngineStage.Load;
        try
        {
            var module = EngineCalls.Call(stage, () => ModuleLoader.Load(bytes, _store.Config));
            if (lastStage == EngineStage.Load)
            {
                return new ModuleAttempt(stage, null, null);
            }

            stage = EngineStage.Validate;
            EngineCalls.Call(stage, () => ModuleValidator.Validate(module));
            if (lastStage == EngineStage.Validate)
            {
                return new ModuleAttempt(stage, null, null);
            }

            stage = EngineStage.Instantiate;
            var instance = EngineCalls.Call(stage, () => Instantiator.Instantiate(_store, module, _linker, name));
            return new ModuleAttempt(stage, null, instance);
        }
        catch (Exception e) when (e is WasmException or EngineFaultException)
        {
            return new ModuleAttempt(stage, e, null);
        }
    }

    private byte[] ReadModuleBytes(WastCommand command)
    {
        var file = command.Filename ?? throw new WastFormatException($"{command.Type} without \"filename\"");
        try
        {
            return File.ReadAllBytes(Path.Combine(_directory, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new WastFormatException($"cannot read module file {file}: {e.Message}");
        }
    }

    /// <summary>The failure summary's key for an unexpected module error, e.g. "validate: invalid".</summary>
    private static string CauseOf(ModuleAttempt attempt) => attempt.Error switch
    {
        EngineFaultException fault => fault.Cause,
        WasmLoadException => $"{StageName(attempt.Stage)}: malformed",
        WasmValidationException => $"{StageName(attempt.Stage)}: invalid",
        WasmLinkException => $"{StageName(attempt.Stage)}: unlinkable",
        WasmTrapException => $"{StageName(attempt.Stage)}: trap",
        var other => $"{StageName(attempt.Stage)}: {other?.GetType().Name}",
    };

    private static string StageName(EngineStage stage) => stage.ToString().ToLowerInvariant();

    private readonly record struct ModuleAttempt(EngineStage Stage, Exception? Error, ModuleInstance? Instance);
}
