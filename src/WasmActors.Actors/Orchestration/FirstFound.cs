namespace WasmActors.Actors.Orchestration;

/// <summary>
/// The first of several questions asked at once that finds what is sought (which node holds an instance or a
/// snapshot): the answer comes as soon as one node has it, and a lost or stalled node holds up nothing unless no
/// other node has it, when the error lists why each silent node did not answer.
/// </summary>
internal static class FirstFound
{
    public static async Task<T> Of<T>(IEnumerable<Task<(T? Found, string? Problem)>> questions, Func<IReadOnlyList<string>, Exception> noneFound)
        where T : class
    {
        var pending = questions.ToList();
        var problems = new List<string>();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            var (found, problem) = await done;
            if (found is not null)
            {
                return found;
            }

            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        throw noneFound(problems);
    }

    /// <summary>The problems as a parenthesised tail for an error message, or nothing.</summary>
    public static string Listed(IReadOnlyList<string> problems) => problems.Count == 0 ? "" : $" ({string.Join("; ", problems)})";
}
