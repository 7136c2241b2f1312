using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Serialization;

namespace WasmActors.Actors.Tests;

/// <summary>The message serializer: bound to the marker interface, round-trips every message, refuses other types.</summary>
public sealed class SerializerAllowListTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer", ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(WasmActorsConfig.Reference));

    public void Dispose() => _system.Dispose();

    [Fact]
    public void MessagesAreBoundToTheAllowListSerializer()
    {
        var serializer = _system.Serialization.FindSerializerForType(typeof(DeployProgram));
        Assert.IsType<MessageSerializer>(serializer);
        Assert.Equal(MessageSerializer.Id, serializer.Identifier);
    }

    [Fact]
    public void TheSerializerWarmsUpEveryMessageTypeInTheBackgroundAndStillRefusesOthers()
    {
        // Made when first asked for; the warm-up runs on the thread pool from then on.
        var serializer = Assert.IsType<MessageSerializer>(_system.Serialization.FindSerializerForType(typeof(ContinueFrom)));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (serializer.WarmUpTime is null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        var time = Assert.NotNull(serializer.WarmUpTime);
        Console.WriteLine($"serializer warm-up of {MessageTypes.All.Count} allow-listed types: {time.TotalMilliseconds:0} ms");
        using var stream = new MemoryStream();
        new Hyperion.Serializer().Serialize(new NotAMessage("payload"), stream);
        Assert.ThrowsAny<Exception>(() => serializer.FromBinary(stream.ToArray(), typeof(object))); // warming allowed nothing new
    }

    [Fact]
    public void HyperionIsNotBoundToObject()
    {
        var bindings = _system.Settings.Config.GetConfig("akka.actor.serialization-bindings");
        var ours = bindings.AsEnumerable().Where(b => b.Value.GetString() == "wasmactors").Select(b => b.Key).ToArray();
        Assert.Equal(["WasmActors.Actors.Messages.IWasmActorsMessage, WasmActors.Actors"], ours);
        Assert.IsNotType<MessageSerializer>(_system.Serialization.FindSerializerForType(typeof(NotAMessage)));
        Assert.DoesNotContain(typeof(object), MessageTypes.All);
    }

    [Fact]
    public void EveryKindOfMessageRoundTrips()
    {
        var probe = _system.ActorOf(Props.Empty, "probe");
        IWasmActorsMessage[] messages =
        [
            new DeployProgram(1, "counter", "0123abcd", ["a", "b"], ["X=1"], probe),
            new SnapshotTaken(2, "s-1", "i-1", "memory-1", 10, 4096, 1.5),
            new Forked(3, "s-1", "run-1", ["i-2", "i-3"], new ForkCost(Snapshot.Restore.Granularity.Page, Snapshot.Restore.CopyMode.Cow, 100, 2, 0.5, 3.0)),
            new InstanceList(4, "run-1", [new InstanceInfo("i-1", "counter", "run-1", InstanceState.Paused, 65536, 3, null)]),
            new SnapshotDataPart(5, 0, 1, 3, [1, 2, 3]),
            new ForkFrom(6, new SnapshotRef("s-1", "memory-1", probe, new BulkEndpoint("quic", "127.0.0.1", 4154, [1, 2])), Snapshot.Restore.Granularity.Mixture, Snapshot.Restore.CopyMode.NoCow, 1000, null),
            new SnapshotReplicaOffer(7, "s-1", "i-1", 3, new BulkEndpoint("quic", "127.0.0.1", 4154, [1, 2]), ulong.MaxValue, 1, new byte[32]),
        ];
        var serializer = _system.Serialization.FindSerializerFor(messages[0]);
        foreach (var message in messages)
        {
            var back = serializer.FromBinary(serializer.ToBinary(message), message.GetType());
            Assert.Equal(message.GetType(), back.GetType());
            Assert.Equal(ToText(message), ToText(back));
        }
    }

    [Fact]
    public void AnUnknownTypeFromTheNetworkIsRefused()
    {
        // A payload naming a type that is not on the list, as another (or hostile) node could send it.
        var plain = new Hyperion.Serializer();
        using var stream = new MemoryStream();
        plain.Serialize(new NotAMessage("payload"), stream);
        var serializer = (Serializer)_system.Serialization.FindSerializerForType(typeof(DeployProgram));

        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary(stream.ToArray(), typeof(object)));
        Assert.Contains(nameof(NotAMessage), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMessageOfTheMessageNamespaceAndWhatItCarriesIsListed()
    {
        var messages = typeof(IWasmActorsMessage).Assembly.GetTypes()
            .Where(t => typeof(IWasmActorsMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsNested: false } && t.Namespace == typeof(IWasmActorsMessage).Namespace)
            .ToArray();
        Assert.Contains(typeof(ContinueFrom), messages);
        Assert.All(messages, m => Assert.Contains(m, MessageTypes.All));
        Assert.All([typeof(SnapshotRef), typeof(BulkEndpoint), typeof(ForkCost), typeof(ProgramLimits), typeof(InstanceInfo[]), typeof(SnapshotDataKind)], t => Assert.Contains(t, MessageTypes.All));
    }

    [Fact]
    public void AHelperOfTheMessageNamespaceThatNoMessageCarriesIsRefused()
    {
        // In the namespace, but not a message: the list is what messages carry, not the namespace.
        Assert.DoesNotContain(typeof(BlobAssembler), MessageTypes.All);
        var assembler = BlobAssembler.Create(1, 3, 3, out _)!;
        using var stream = new MemoryStream();
        new Hyperion.Serializer().Serialize(assembler, stream);
        var serializer = (Serializer)_system.Serialization.FindSerializerForType(typeof(DeployProgram));

        var error = Assert.ThrowsAny<Exception>(() => serializer.FromBinary(stream.ToArray(), typeof(object)));
        Assert.Contains(nameof(BlobAssembler), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheFilterComparesFullNamesOnly()
    {
        var filter = new AllowListTypeFilter([typeof(DeployProgram)]);
        Assert.True(filter.IsAllowed("WasmActors.Actors.Messages.DeployProgram, WasmActors.Actors"));
        Assert.True(filter.IsAllowed("WasmActors.Actors.Messages.DeployProgram, WasmActors.Actors, Version=9.9.9.9"));
        Assert.False(filter.IsAllowed("Evil.WasmActors.Actors.Messages.DeployProgram, Evil"));
        Assert.False(filter.IsAllowed("System.Object, System.Private.CoreLib"));
    }

    private static string ToText(object message) =>
        System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), new System.Text.Json.JsonSerializerOptions { Converters = { new ActorRefAsPath() } });

    /// <summary>Compares actor references by path (their identity across a round trip).</summary>
    private sealed class ActorRefAsPath : System.Text.Json.Serialization.JsonConverter<IActorRef>
    {
        public override IActorRef Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(System.Text.Json.Utf8JsonWriter writer, IActorRef value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Path.ToString());
    }

    public sealed record NotAMessage(string Text);

    [Fact]
    public void TheLargestForkReplyFitsInOneRemoteFrame()
    {
        // Akka.Remote drops an oversize message silently: a fork batch of max-fork-count must still be answered.
        var settings = WasmActorsSettings.Create(_system.Settings.Config, "127.0.0.1:0");
        var ids = Enumerable.Range(0, settings.MaxForkCount).Select(_ => $"i-{Guid.NewGuid():N}"[..14]).ToArray();
        var reply = new Forked(long.MaxValue, "s-0123456789ab", "run-node-with-a-long-name", ids, new ForkCost(Snapshot.Restore.Granularity.Mixture, Snapshot.Restore.CopyMode.Cow, long.MaxValue, long.MaxValue, 1e9, 1e9, 1e9));
        var bytes = _system.Serialization.FindSerializerFor(reply).ToBinary(reply).Length;
        var frame = _system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000;
        Assert.True(bytes < frame * 3 / 4, $"a Forked reply with {ids.Length} ids takes {bytes} bytes; the frame limit is {frame}");
    }

    [Fact]
    public void AFullPageOfHeldSnapshotsFitsInOneRemoteFrame()
    {
        // A memory node holding thousands of snapshots answers in pages; each must arrive (oversize ones are dropped).
        var actor = _system.ActorOf(Props.Empty, "snapshots");
        var refs = Enumerable.Range(0, 3 * HeldSnapshots.MaxPerMessage + 5)
            .Select(i => new SnapshotRef($"s-{i:x12}", "memory-node-with-a-long-name", actor, new BulkEndpoint("quic", "memory-7.cluster.example.org", 4443, new byte[2048])))
            .ToArray();
        var pages = HeldSnapshots.Pages(1, refs[..60], refs[60..]).ToArray();
        Assert.Equal([32, 28, 32, 9], pages.Select(p => p.Snapshots.Length));
        Assert.Equal([false, false, true, true], pages.Select(p => p.Inner));
        Assert.Equal(refs.Select(r => r.SnapshotId), pages.SelectMany(p => p.Snapshots).Select(r => r.SnapshotId));
        var frame = _system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000;
        var bytes = _system.Serialization.FindSerializerFor(pages[0]).ToBinary(pages[0]).Length;
        Assert.True(bytes < frame * 3 / 4, $"a page of {HeldSnapshots.MaxPerMessage} held snapshots takes {bytes} bytes; the frame limit is {frame}");
    }
}
