using System.CommandLine;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Commands;

/// <summary>
/// The options every client command shares, declared once, and where a client's configuration comes from when they are
/// left out: <c>--config</c>, else $WASMACTORS_CONFIG, else the context file (~/.config/wasmactors/client.conf) when
/// it exists, else the built-in default; <c>--seed</c>, else $WASMACTORS_SEED, else the configuration's seed.
/// </summary>
internal sealed class ClientOptions
{
    public const string ConfigVariable = "WASMACTORS_CONFIG";
    public const string SeedVariable = "WASMACTORS_SEED";

    private readonly Option<string?> _config = new("--config")
    {
        Description = $"client HOCON file (default: ${ConfigVariable}, else ~/.config/wasmactors/client.conf if it exists, else seed 127.0.0.1:4053 with cluster/cluster.pfx)",
        HelpName = "FILE",
    };

    private readonly Option<string?> _seed = new("--seed")
    {
        Description = $"seed node, akka.tcp://wasmactors@HOST:PORT or HOST:PORT (default: ${SeedVariable}, else the client file's)",
        HelpName = "ADDRESS",
    };

    private readonly Option<bool> _json = new("--json") { Description = "print the answer as JSON" };

    private bool _offersJson;

    /// <summary>Adds the shared options to <paramref name="command"/>; <paramref name="json"/>: --json too.</summary>
    public void AddTo(Command command, bool json = false)
    {
        command.Options.Add(_config);
        command.Options.Add(_seed);
        if (json)
        {
            _offersJson = true;
            command.Options.Add(_json);
        }
    }

    public bool Json(ParseResult result) => _offersJson && result.GetValue(_json);

    /// <summary>Connects to the cluster as the options and environment say, runs <paramref name="action"/>, disconnects.</summary>
    public Task<int> RunAsync(ParseResult result, Func<OrchestratorSession, Task<int>> action)
    {
        var error = result.InvocationConfiguration.Error;
        string? file, seed;
        try
        {
            (file, seed) = Resolve(result.GetValue(_config), result.GetValue(_seed), Environment.GetEnvironmentVariable);
        }
        catch (FormatException e)
        {
            error.WriteLine($"wasmactors: {e.Message}");
            return Task.FromResult(CommandLine.UsageExitCode);
        }

        return OrchestratorSession.RunAsync(file, seed, error, action);
    }

    /// <summary>The client file and seed to use, from the options, then <paramref name="environment"/>, then the context file.</summary>
    public static (string? File, string? Seed) Resolve(string? config, string? seed, Func<string, string?> environment)
    {
        var file = NonEmpty(config) ?? NonEmpty(environment(ConfigVariable)) ?? ContextFile(environment);
        var address = NonEmpty(seed) ?? NonEmpty(environment(SeedVariable));
        return (file, address is null ? null : SeedAddress(address));
    }

    /// <summary>The context file, when it exists: $XDG_CONFIG_HOME/wasmactors/client.conf, or ~/.config/wasmactors/client.conf.</summary>
    public static string? ContextFile(Func<string, string?> environment)
    {
        var folder = NonEmpty(environment("XDG_CONFIG_HOME")) ?? (NonEmpty(environment("HOME")) is { } home ? Path.Combine(home, ".config") : null);
        var file = folder is null ? null : Path.Combine(folder, "wasmactors", "client.conf");
        return file is not null && File.Exists(file) ? file : null;
    }

    /// <summary>
    /// A seed as Akka writes it: HOST:PORT becomes akka.tcp://wasmactors@HOST:PORT; a full address is kept. Throws
    /// <see cref="FormatException"/> for anything else.
    /// </summary>
    public static string SeedAddress(string seed)
    {
        if (seed.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(seed, UriKind.Absolute, out var uri) && uri.Port > 0 && uri.UserInfo.Length > 0
                ? seed
                : throw new FormatException($"seed {seed} is not an Akka address such as akka.tcp://wasmactors@127.0.0.1:4053");
        }

        var colon = seed.LastIndexOf(':');
        return colon > 0 && int.TryParse(seed[(colon + 1)..], out var port) && port is > 0 and <= 65535
            ? $"akka.tcp://wasmactors@{seed}"
            : throw new FormatException($"seed {seed} is neither HOST:PORT nor an Akka address such as akka.tcp://wasmactors@127.0.0.1:4053");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
