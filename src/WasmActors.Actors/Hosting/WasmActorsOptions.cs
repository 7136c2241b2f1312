using System.Globalization;
using System.Text;
using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// A node's configuration as options: what an application binds from appsettings.json or environment variables
/// (section "WasmActors", e.g. <c>WasmActors__NodeName=run-2</c>) and what <c>wasmactors node</c> fills from its
/// flags. Each set property overrides the HOCON file <see cref="ConfigFile"/> names, which overrides the defaults
/// (reference.conf); any other setting goes in <see cref="Hocon"/>.
/// </summary>
public sealed class WasmActorsOptions
{
    /// <summary>A node's HOCON file (e.g. hocon/run-node.conf); null: the defaults alone.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>HOCON text over the file, for settings without a property here.</summary>
    public string? Hocon { get; set; }

    /// <summary>wasmactors.node-name.</summary>
    public string? NodeName { get; set; }

    /// <summary>akka.cluster.roles: "seed", "memory", "run".</summary>
    public IList<string> Roles { get; set; } = [];

    /// <summary>akka.remote.dot-netty.tcp.hostname.</summary>
    public string? Hostname { get; set; }

    /// <summary>akka.remote.dot-netty.tcp.port.</summary>
    public int? Port { get; set; }

    /// <summary>akka.cluster.seed-nodes (e.g. akka.tcp://wasmactors@10.0.0.1:4053).</summary>
    public IList<string> Seeds { get; set; } = [];

    /// <summary>wasmactors.remote-tls.certificate: the cluster certificate (`wasmactors cert`).</summary>
    public string? ClusterCertificate { get; set; }

    /// <summary>wasmactors.bulk.port (memory nodes).</summary>
    public int? BulkPort { get; set; }

    /// <summary>wasmactors.metrics.prometheus-port.</summary>
    public int? PrometheusPort { get; set; }

    /// <summary>wasmactors.health.port.</summary>
    public int? HealthPort { get; set; }

    /// <summary>wasmactors.dashboard.port.</summary>
    public int? DashboardPort { get; set; }

    /// <summary>
    /// The node's whole configuration. Throws <see cref="FileNotFoundException"/> for a missing file and
    /// <see cref="ConfigurationException"/> for invalid HOCON.
    /// </summary>
    public Config ToConfig()
    {
        var overrides = new StringBuilder();
        Set(overrides, "wasmactors.node-name", NodeName);
        Set(overrides, "akka.remote.dot-netty.tcp.hostname", Hostname);
        Set(overrides, "akka.remote.dot-netty.tcp.port", Port);
        Set(overrides, "wasmactors.bulk.port", BulkPort);
        Set(overrides, "wasmactors.metrics.prometheus-port", PrometheusPort);
        Set(overrides, "wasmactors.health.port", HealthPort);
        Set(overrides, "wasmactors.dashboard.port", DashboardPort);
        Set(overrides, "wasmactors.remote-tls.certificate", ClusterCertificate is null ? null : Path.GetFullPath(ClusterCertificate));
        if (Roles.Count > 0)
        {
            overrides.Append("akka.cluster.roles = [").AppendJoin(", ", Roles.Select(Quote)).Append("]\n");
        }

        if (Seeds.Count > 0)
        {
            overrides.Append("akka.cluster.seed-nodes = [").AppendJoin(", ", Seeds.Select(Quote)).Append("]\n");
        }

        var baseConfig = ConfigFile is null ? WasmActorsConfig.Reference : WasmActorsConfig.FromFile(ConfigFile);
        var config = ConfigurationFactory.ParseString(overrides.ToString());
        if (!string.IsNullOrWhiteSpace(Hocon))
        {
            config = config.WithFallback(ConfigurationFactory.ParseString(Hocon));
        }

        return config.WithFallback(baseConfig);
    }

    private static void Set(StringBuilder hocon, string key, string? value)
    {
        if (value is not null)
        {
            hocon.Append(key).Append(" = ").Append(Quote(value)).Append('\n');
        }
    }

    private static void Set(StringBuilder hocon, string key, int? value)
    {
        if (value is { } number)
        {
            hocon.Append(key).Append(" = ").Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    internal static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
