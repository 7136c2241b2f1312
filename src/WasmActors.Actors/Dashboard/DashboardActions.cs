using System.Net;
using System.Text.Json;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Dashboard;

/// <summary>
/// What the page may do, each one call of the orchestrator API (the CLI's fork, migrate, snapshot and stop, with
/// its defaults: mixture granularity, copy on write, one fork). The
/// body is a small JSON object; a bad one is a 400 with the reason, a refusal of the cluster a 409 with its reason.
/// </summary>
internal sealed class DashboardActions(OrchestratorClient orchestrator)
{
    /// <summary>Largest request body read: the actions name ids and a count, nothing more.</summary>
    private const int MaxBodyBytes = 4096;

    /// <summary>Most forks one click may start (the CLI allows more; a page is not the place for a fleet).</summary>
    private const int MaxForkCount = 100;

    public async Task<(int Status, byte[] Body)> RunAsync(string action, HttpListenerRequest request)
    {
        ActionRequest? body;
        try
        {
            body = await ReadAsync(request);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return Reply(400, new { error = "bad request body: " + e.Message });
        }

        try
        {
            object result = (action, body) switch
            {
                ("fork", { Snapshot: { } snapshot }) => await orchestrator.ForkAsync(
                    snapshot,
                    Parse(body.Granularity, Granularity.Mixture),
                    Parse(body.Mode, CopyMode.Cow),
                    body.Count is >= 1 and <= MaxForkCount ? body.Count.Value : body.Count is null ? 1 : throw new ArgumentException($"count must be 1 to {MaxForkCount}"),
                    node: body.Node),
                ("migrate", { Instance: { } instance, Target: { } target }) => await orchestrator.MigrateAsync(instance, target),
                ("snapshot", { Instance: { } instance }) => await orchestrator.SnapshotAsync(instance),
                ("stop", { Instance: { } instance }) => await orchestrator.StopAsync(instance),
                ("fork" or "migrate" or "snapshot" or "stop", _) => throw new ArgumentException(
                    "fork needs snapshot (and optionally count, node, mode, granularity), migrate instance and target, snapshot and stop instance"),
                _ => throw new KeyNotFoundException($"no action {action}: fork, migrate, snapshot or stop"),
            };
            return Reply(200, result);
        }
        catch (ArgumentException e)
        {
            return Reply(400, new { error = e.Message });
        }
        catch (KeyNotFoundException e)
        {
            return Reply(404, new { error = e.Message });
        }
        catch (OrchestratorException e)
        {
            return Reply(409, new { error = e.Message });
        }
    }

    private static async Task<ActionRequest?> ReadAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > MaxBodyBytes)
        {
            throw new InvalidDataException($"larger than {MaxBodyBytes} bytes");
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while ((read = await request.InputStream.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
            if (length > MaxBodyBytes)
            {
                throw new InvalidDataException($"larger than {MaxBodyBytes} bytes");
            }
        }

        return length == 0 ? null : JsonSerializer.Deserialize<ActionRequest>(buffer.AsSpan(0, length), DashboardServer.Json);
    }

    private static T Parse<T>(string? text, T fallback)
        where T : struct, Enum =>
        text is null ? fallback
        : Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
        : throw new ArgumentException($"{typeof(T).Name.ToLowerInvariant()} must be one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}, not \"{text}\"");

    private static (int, byte[]) Reply(int status, object body) => (status, JsonSerializer.SerializeToUtf8Bytes(body, DashboardServer.Json));

    private sealed record ActionRequest(string? Snapshot, string? Instance, string? Target, string? Node, int? Count, string? Mode, string? Granularity);
}
