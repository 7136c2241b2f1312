using Akka.Configuration;
using WasmActors.Actors.Configuration;

namespace WasmActors.Actors.Orchestration;

/// <summary>The wasmactors.client section: how a client that is not a member reaches the cluster (ADR-018).</summary>
public sealed record ClientSettings(TimeSpan ContactTimeout)
{
    internal static ClientSettings Read(Config config)
    {
        var section = config.GetConfig(WasmActorsSettings.Present(config, "wasmactors.client"));
        var timeout = section.GetTimeSpan(WasmActorsSettings.Present(section, "contact-timeout"), null, allowInfinite: false);
        return timeout > TimeSpan.Zero ? new ClientSettings(timeout) : throw new ConfigurationException("wasmactors client.contact-timeout must be a positive duration");
    }
}
