using System.Reflection;
using PublicApiGenerator;

namespace WasmActors.PublicApi.Tests;

/// <summary>
/// Compares an assembly's generated public API with <c>approved/&lt;Assembly&gt;.txt</c>. With
/// <see cref="ApproveVariable"/>=1 the approved file is rewritten instead, which is how a deliberate change is accepted
/// (the rewritten file is then reviewed and committed with the change).
/// </summary>
internal static class ApprovedApi
{
    public const string ApproveVariable = "WASMACTORS_APPROVE_API";

    private static readonly ApiGeneratorOptions Options = new()
    {
        // The assembly's attributes carry build details (InternalsVisibleTo, target framework), not its API.
        IncludeAssemblyAttributes = false,
    };

    public static void Verify(string assemblyName)
    {
        var actual = Normalize(Assembly.Load(new AssemblyName(assemblyName)).GeneratePublicApi(Options));
        var approvedPath = Path.Combine(ProjectDirectory(), "approved", assemblyName + ".txt");
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(approvedPath, actual);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";
        if (actual != approved)
        {
            Assert.Fail(
                $"The public API of {assemblyName} differs from {approvedPath} ('-' approved, '+' now):\n"
                + LineDiff.Format(approved, actual)
                + $"\nIf the change is deliberate, approve it: {ApproveVariable}=1 dotnet test tests/WasmActors.PublicApi.Tests, "
                + "then review and commit the rewritten file.");
        }
    }

    /// <summary>This project's source directory: the nearest directory above the test's output that holds its project file.</summary>
    private static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WasmActors.PublicApi.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no WasmActors.PublicApi.Tests.csproj above {AppContext.BaseDirectory}");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
