using Akka.Actor;

namespace WasmActors.Actors.Configuration;

/// <summary>The per-system WasmActors state: settings, read once from HOCON.</summary>
internal sealed class WasmActorsExtension : IExtension
{
    public WasmActorsExtension(ExtendedActorSystem system)
    {
        Settings = WasmActorsSettings.Create(system);
    }

    public WasmActorsSettings Settings { get; }

    public static WasmActorsExtension Get(ActorSystem system) => system.WithExtension<WasmActorsExtension, WasmActorsExtensionProvider>();
}

internal sealed class WasmActorsExtensionProvider : ExtensionIdProvider<WasmActorsExtension>
{
    public override WasmActorsExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
