using System.Text;

namespace WasmActors.PublicApi.Tests;

/// <summary>The lines two texts do not share, in order ('-' only in the first, '+' only in the second), by longest common subsequence.</summary>
internal static class LineDiff
{
    public static string Format(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');

        // common[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var text = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y]))
            {
                text.Append("+ ").Append(b[y++]).Append('\n');
            }
            else
            {
                text.Append("- ").Append(a[x++]).Append('\n');
            }
        }

        return text.ToString();
    }
}
