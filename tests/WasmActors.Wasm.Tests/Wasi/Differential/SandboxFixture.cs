namespace WasmActors.Wasm.Tests.Wasi.Differential;

/// <summary>
/// A fresh temporary folder laid out the same way for every run: the preopen "box" (f.txt, d/secret.txt, empty
/// directory e/) and, beside it in the parent, a canary file no guest may ever read or change. Deleted on dispose.
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    public const string CanaryText = "CANARY-1f7a9c-not-for-guests";

    public SandboxFixture()
    {
        Parent = Directory.CreateTempSubdirectory("wasi-sandbox-").FullName;
        Box = Directory.CreateDirectory(Path.Combine(Parent, "box")).FullName;
        Canary = Path.Combine(Parent, "canary.txt");
        File.WriteAllText(Canary, CanaryText);
        File.SetLastWriteTimeUtc(Canary, new DateTime(2020, 2, 2, 0, 0, 0, DateTimeKind.Utc));
        CanaryWritten = File.GetLastWriteTimeUtc(Canary);
        File.WriteAllText(Path.Combine(Box, "f.txt"), "hello");
        Directory.CreateDirectory(Path.Combine(Box, "d"));
        File.WriteAllText(Path.Combine(Box, "d", "secret.txt"), "inner");
        Directory.CreateDirectory(Path.Combine(Box, "e"));
    }

    public string Parent { get; }

    public string Box { get; }

    public string Canary { get; }

    public DateTime CanaryWritten { get; }

    /// <summary>Fails unless the canary still holds its text and its modification time.</summary>
    public void AssertCanaryUntouched()
    {
        Assert.Equal(CanaryText, File.ReadAllText(Canary));
        Assert.Equal(CanaryWritten, File.GetLastWriteTimeUtc(Canary));
    }

    /// <summary>Every entry under the parent (links not followed): kind, and a file's content or a link's target.</summary>
    public IReadOnlyList<string> Tree()
    {
        var entries = new List<string>();
        Walk(Parent, "", entries);
        return entries;
    }

    public void Dispose() => Directory.Delete(Parent, recursive: true);

    private static void Walk(string directory, string prefix, List<string> entries)
    {
        foreach (var path in Directory.GetFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = prefix + Path.GetFileName(path);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                entries.Add($"{name} -> {target}");
            }
            else if (Directory.Exists(path))
            {
                entries.Add(name + "/");
                Walk(path, name + "/", entries);
            }
            else
            {
                entries.Add($"{name} = {File.ReadAllText(path)}");
            }
        }
    }
}
