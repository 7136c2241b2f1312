namespace WasmActors.Bench.Exec;

/// <summary>Finds the repository's samples/ folder: from the current directory upwards, then from the executable's.</summary>
internal static class SamplesLocator
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var samples = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(samples, "sha256.wasm")))
                {
                    return samples;
                }
            }
        }

        return null;
    }
}
