namespace WasmActors.Bench.Tests.Wast;

/// <summary>A throwaway folder laid out like the converted suite: <c>&lt;name&gt;/&lt;name&gt;.json</c> plus module files.</summary>
internal sealed class TempSpecFolder : IDisposable
{
    public TempSpecFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "wast-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <c>&lt;name&gt;/&lt;name&gt;.json</c> and returns its path.</summary>
    public string AddScript(string name, string json, params (string File, byte[] Bytes)[] modules)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, bytes) in modules)
        {
            File.WriteAllBytes(Path.Combine(folder, file), bytes);
        }

        var path = Path.Combine(folder, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
