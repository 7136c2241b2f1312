using WasmActors.Wasm.Wasi;

namespace WasmActors.Node.Run;

/// <summary>Turns the command line's <c>--dir</c>, <c>--env</c> and arguments into what the WASI host needs.</summary>
internal static class ProgramEnvironment
{
    /// <summary>argv: the module's file name only (no directories, as wasmtime: the path is the host's business), then the arguments.</summary>
    public static IReadOnlyList<string> Arguments(string modulePath, IReadOnlyList<string> arguments) =>
        [Path.GetFileName(modulePath), .. arguments];

    /// <summary>NAME=value entries; a bare NAME takes the host's value, and is an error when the host has none.</summary>
    public static IReadOnlyList<string> Environment(IReadOnlyList<string> entries, Func<string, string?> hostVariable)
    {
        var result = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0 || entry.Length == 0)
            {
                throw new RunSetupException($"--env {entry}: expected NAME=value or NAME");
            }

            if (equals > 0)
            {
                result.Add(entry);
                continue;
            }

            var value = hostVariable(entry) ?? throw new RunSetupException($"--env {entry}: environment variable `{entry}` not found");
            result.Add($"{entry}={value}");
        }

        return result;
    }

    /// <summary>The preopens, each checked to be an existing host directory.</summary>
    public static IReadOnlyList<WasiPreopen> Preopens(IReadOnlyList<string> directories)
    {
        var result = new List<WasiPreopen>(directories.Count);
        foreach (var text in directories)
        {
            WasiPreopen preopen;
            try
            {
                preopen = WasiPreopen.Parse(text);
            }
            catch (FormatException e)
            {
                throw new RunSetupException($"--dir {text}: {e.Message}", e);
            }

            if (!Directory.Exists(preopen.HostPath))
            {
                throw new RunSetupException($"--dir {text}: failed to open directory '{preopen.HostPath}'");
            }

            result.Add(preopen);
        }

        return result;
    }
}
