namespace WasmActors.Actors.Tests;

/// <summary>A fact that is skipped, with the reason printed, when Debian's Chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"{Executable} is missing: install the Debian package chromium (scripts/prereqs.sh does as root)";
        }
    }
}
