using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

public sealed class TrapTextTests
{
    [Theory]
    [InlineData("unreachable", "unreachable", true)]
    [InlineData("out of bounds memory access", "out of bounds memory access at 0x10000", true)]
    [InlineData("uninitialized element 2", "uninitialized element", true)]
    [InlineData("uninitialized element", "undefined element", false)]
    [InlineData("integer overflow", "integer divide by zero", false)]
    [InlineData("unreachable", "", false)]
    [InlineData("unreachable", "unreach", false)]
    public void Messages_match_by_containment_or_word_prefix(string expected, string actual, bool matches) =>
        Assert.Equal(matches, TrapText.Matches(expected, actual));
}
