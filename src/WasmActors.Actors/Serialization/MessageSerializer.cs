using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Serialization;
using WasmActors.Actors.Internal;

namespace WasmActors.Actors.Serialization;

/// <summary>
/// Hyperion bound to <see cref="Messages.IWasmActorsMessage"/> (see reference.conf), with unsafe types refused and a
/// strict allow-list of the types that may be named in a payload: a message of any other type from the network is
/// refused with an exception (Akka.Remote then drops it and logs the error) instead of being instantiated.
/// Hyperion and the allow-list are built on a thread of their own, started with the system: they take about 0.1 s
/// of CPU that a client command would otherwise spend before its first connection (ADR-024). A message serialised
/// before that is done waits for it (or builds it, if the thread has not started).
/// </summary>
internal sealed class MessageSerializer : Serializer
{
    private readonly Lazy<HyperionSerializer> _hyperion;

    public MessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
        _hyperion = new Lazy<HyperionSerializer>(() => new HyperionSerializer(system, CreateSettings()), LazyThreadSafetyMode.ExecutionAndPublication);
        var warmUp = system.Settings.Config.GetBoolean("wasmactors.serializer-warm-up", false);

        // A warm-up thread pauses between types: a node starting on a busy machine must still answer its cluster's
        // heartbeats in time.
        if (warmUp)
        {
            LowPriorityThread.Start("serializer warm-up", WarmUp);
        }
        else
        {
            new Thread(() => _ = _hyperion.Value) { IsBackground = true, Name = "serializer start" }.Start();
        }
    }

    private static readonly TimeSpan PauseBetweenTypes = TimeSpan.FromMilliseconds(5);

    /// <summary>How long the last warm-up of this serializer took (null: not run or not finished).</summary>
    public TimeSpan? WarmUpTime { get; private set; }

    /// <summary>The serializer id in the cluster; also set in reference.conf under serialization-identifiers.</summary>
    public const int Id = 4711;

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => _hyperion.Value.ToBinary(obj);

    public override object FromBinary(byte[] bytes, Type type) => _hyperion.Value.FromBinary(bytes, type);

    /// <summary>
    /// Hyperion writes the code that serialises a type the first time it meets it (tens of milliseconds for the larger
    /// messages), and a node's first migration or fork would pay that in its latency (the demo's first migration spent
    /// most of its downtime there). So every message type and every record inside one is serialised once, empty, in the
    /// background when the node starts. A type that cannot round-trip empty still gets its code at first use.
    /// </summary>
    private void WarmUp()
    {
        var clock = Stopwatch.StartNew();
        foreach (var type in MessageTypes.All.Where(t => t is { IsClass: true, IsAbstract: false, IsArray: false } && t.Namespace == typeof(Messages.IWasmActorsMessage).Namespace))
        {
            try
            {
                FromBinary(ToBinary(RuntimeHelpers.GetUninitializedObject(type)), type);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Warming is only an optimisation.
            }

            Thread.Sleep(PauseBetweenTypes);
        }

        WarmUpTime = clock.Elapsed;
    }

    private static HyperionSerializerSettings CreateSettings()
    {
        var defaults = HyperionSerializerSettings.Default;
        return new HyperionSerializerSettings(
            preserveObjectReferences: false,
            versionTolerance: false,
            knownTypesProvider: defaults.KnownTypesProvider,
            packageNameOverrides: defaults.PackageNameOverrides,
            surrogates: defaults.Surrogates,
            disallowUnsafeType: true,
            typeFilter: new AllowListTypeFilter(MessageTypes.All));
    }
}
