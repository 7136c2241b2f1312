namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>A fact that is skipped, with the reason printed, when binaryen is not installed.</summary>
public sealed class BinaryenFactAttribute : FactAttribute
{
    public BinaryenFactAttribute()
    {
        if (Binaryen.WasmOpt is null)
        {
            Skip = Binaryen.MissingReason;
        }
    }
}
