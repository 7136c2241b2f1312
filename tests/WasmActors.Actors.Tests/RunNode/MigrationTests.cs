using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Actors.RunNode;
using WasmActors.Snapshot.Format;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Pre-copy migration and delta snapshots (docs/adr-006-live-migration.md): what goes to the memory node, what a
/// fork of a delta sees, and what happens when the memory node no longer holds the base.
/// </summary>
public sealed class MigrationTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    private static readonly string[] Counter = ["1000000", "10", "20000"];

    protected override int RunNodeCount => 2;

    [Fact]
    public async Task ASecondSnapshotIsADeltaThatForksExactlyAndAMigrationAfterItKeepsTheOutputExact()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Timeout);
        var first = await SnapshotAsync(deployed.InstanceId);
        // Registered before the reply left: a request right after it finds the snapshot.
        Assert.Equal(first.SnapshotId, (await Orchestrator.LocateAsync(first.SnapshotId)).SnapshotId);
        await programOutput.WaitForAsync(t => CounterSteps.Last(t) >= 40, Timeout);
        var second = await SnapshotAsync(deployed.InstanceId);

        // The second upload names the first as its parent: the module's code and unchanged pages stay behind.
        var code = File.ReadAllBytes(RepositoryFiles.Sample("counter")).Length;
        Assert.True(second.Bytes < first.Bytes - (code / 2), $"first {first.Bytes} B, second {second.Bytes} B");

        // A fork of the delta is served through its parent and continues where the snapshot stood.
        var (fork, forkOutput) = await ForkAsync(second.SnapshotId, node: "run-2");
        await forkOutput.WaitForAsync(t => CounterSteps.Lines(t).Length >= 10, Timeout);
        await Orchestrator.StopAsync(fork.InstanceIds[0]);
        await AwaitEndAsync(forkOutput);
        var forked = forkOutput.Text();
        var forkLines = CounterSteps.Lines(forked);
        var forkReference = CounterSteps.Lines(RunLocally("counter", $"{CounterSteps.Last(forked)}", "10", "20000"));
        Assert.Equal(forkReference[^forkLines.Length..], forkLines);

        var migrated = await MigrateAsync(deployed.InstanceId, "run-2");
        Assert.True(migrated.DowntimeMilliseconds > 0);

        // The target restored the pre-copy base while the program still ran here: before its first instruction it
        // fetched the final delta's manifest and changed records, not the module's code again.
        var phases = Assert.IsType<MigrationPhases>(migrated.Phases);
        Assert.True(phases.PreCopyRounds >= 1, $"{phases.PreCopyRounds} pre-copy rounds");
        Assert.InRange(phases.FreezeMilliseconds + phases.CaptureMilliseconds + phases.UploadMilliseconds + phases.TargetMilliseconds, 0, migrated.DowntimeMilliseconds + 0.01);
        // The target's own part (one clock: every node runs in this process) lies inside what the source saw of it.
        Assert.InRange(Assert.NotNull(phases.TargetStartMilliseconds), phases.TargetRestoreMilliseconds, phases.TargetMilliseconds);
        Assert.True(migrated.BytesBeforeFirstInstruction < code / 2, $"{migrated.BytesBeforeFirstInstruction} B before the first instruction; the code is {code} B");
        var atMove = CounterSteps.Last(programOutput.Text());
        await programOutput.WaitForAsync(t => CounterSteps.Last(t) >= atMove + 30, Timeout);
        await Orchestrator.StopAsync(migrated.NewInstanceId);
        Assert.Equal(new InstanceStopped(migrated.NewInstanceId, null), await AwaitEndAsync(programOutput));
        var lines = CounterSteps.Lines(programOutput.Text());
        Assert.Equal(CounterSteps.Lines(RunLocally("counter", $"{CounterSteps.Last(programOutput.Text())}", "10", "20000")), lines);
        Assert.True(programOutput.IsContiguous());
    }

    [Fact]
    public async Task AMigrationWithProgressReportsEveryRoundsUploadAndCompletes()
    {
        // The command line asks with a progress listener: every round's upload goes through one relay, which must
        // outlive the first round (it once stopped after it, and later rounds were lost until the timeout).
        var (deployed, programOutput) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Timeout);
        var reports = new System.Collections.Concurrent.ConcurrentQueue<TransferProgress>();
        var migrated = await Orchestrator.MigrateAsync(deployed.InstanceId, "run-2", new Recorder(reports));

        var phases = Assert.IsType<MigrationPhases>(migrated.Phases);
        var uploads = reports.Where(r => r.What.StartsWith("snapshot upload", StringComparison.Ordinal)).Select(r => r.What).Distinct().Count();
        Assert.Equal(phases.PreCopyRounds + 1, uploads);
        await Orchestrator.StopAsync(migrated.NewInstanceId);
        Assert.Equal(new InstanceStopped(migrated.NewInstanceId, null), await AwaitEndAsync(programOutput));
        Assert.True(programOutput.IsContiguous());
    }

    [Fact]
    public async Task ASnapshotWhoseBaseTheMemoryNodeLostIsUploadedWholeInstead()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Timeout);
        var first = await SnapshotAsync(deployed.InstanceId);

        // The memory node loses the first snapshot: the next one, a delta against it, is refused and sent whole.
        var lost = await Sys.ActorSelection(Memory.Address + "/user/snapshots/" + first.SnapshotId).ResolveOne(Timeout);
        Watch(lost);
        lost.Tell(PoisonPill.Instance);
        ExpectTerminated(lost, Timeout);
        var second = await SnapshotAsync(deployed.InstanceId);
        Assert.True(second.Bytes > first.Bytes / 2, $"first {first.Bytes} B, second {second.Bytes} B");

        var (fork, forkOutput) = await ForkAsync(second.SnapshotId, node: "run-2");
        await forkOutput.WaitForAsync(t => CounterSteps.Lines(t).Length >= 5, Timeout);
        await Orchestrator.StopAsync(fork.InstanceIds[0]);
        await Orchestrator.StopAsync(deployed.InstanceId);
        Assert.IsType<InstanceStopped>(await AwaitEndAsync(programOutput));
    }

    [Fact]
    public async Task LosingTheBaseBeforeTheFinalRoundFailsTheMigrationWithAReasonAndTheProgramRunsOnHere()
    {
        // The instance actor on its own, with probes as memory node and target: every full upload is stored, every
        // delta refused as if the memory node had lost its parent. Pre-copy rounds then go again whole; the paused
        // final round cannot, so the migration fails and the program must run on where it was.
        var programOutput = new ProgramOutput(Sys);
        var wasm = File.ReadAllBytes(RepositoryFiles.Sample("counter"));
        var settings = WasmActorsSettings.Create(Sys);
        var instance = Sys.ActorOf(InstanceActorProducer.Props("i-local", "here", new FreshProgram("counter", wasm, Counter, []), programOutput.Ref, settings, new InstanceGuard(settings.RunNode.Limits, null)));
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Timeout);

        var memory = CreateTestProbe();
        var target = CreateTestProbe();
        instance.Tell(new CaptureRequest(7, TestActor, false, Sys.ActorSelection(memory.Ref.Path), memory.Ref.Path.Address, new MigrateTo(7, "i-local", "there", target.Ref)));
        var uploads = new Dictionary<long, BlobAssembler>();
        var stored = 0;
        var refused = 0;
        var prepared = 0;
        while (true)
        {
            AwaitCondition(() => memory.HasMessages || target.HasMessages || HasMessages, Timeout);
            if (target.HasMessages)
            {
                // The target is asked to restore the first stored round ahead of the final one.
                var prepare = target.ExpectMsg<PrepareContinue>();
                prepared++;
                target.LastSender.Tell(new ContinuePrepared(prepare.RequestId, prepare.Base.SnapshotId, 1), target.Ref);
                continue;
            }

            if (!memory.HasMessages)
            {
                break;
            }

            var part = memory.ExpectMsg<SnapshotUploadPart>();
            var assembler = uploads.TryGetValue(part.RequestId, out var known) ? known : uploads[part.RequestId] = BlobAssembler.Create(part.Parts, part.TotalBytes, long.MaxValue, out _)!;
            Assert.True(assembler.Add(part.Part, part.Parts, part.TotalBytes, part.Data));
            if (!assembler.IsComplete)
            {
                continue;
            }

            var file = assembler.Assemble();
            if (SnapshotFile.ReadParentId(file) is ChunkId parent)
            {
                refused++;
                memory.LastSender.Tell(new SnapshotParentMissing(part.RequestId, part.SnapshotId, parent.ToString()), memory.Ref);
            }
            else
            {
                stored++;
                SnapshotFile.Read(file); // a whole upload stands alone
                memory.LastSender.Tell(new SnapshotStored(part.RequestId, new SnapshotRef(part.SnapshotId, "memory-x", memory.Ref, null), 1, file.Length), memory.Ref);
            }
        }

        var failure = ExpectMsg<OperationFailed>();
        Assert.Equal("migrate", failure.Operation);
        Assert.Contains("no longer holds snapshot", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("runs on here", failure.Reason, StringComparison.Ordinal);
        Assert.True(stored >= 1 && refused >= 1, $"{stored} stored, {refused} refused");
        Assert.Equal(1, prepared);
        Assert.False(target.HasMessages); // nothing was continued elsewhere

        var atFailure = CounterSteps.Last(programOutput.Text());
        await programOutput.WaitForAsync(t => CounterSteps.Last(t) >= atFailure + 20, Timeout);
        instance.Tell(new StopInstance(8, "i-local"), TestActor);
        Assert.IsType<InstanceStopped>(await AwaitEndAsync(programOutput));
        Assert.Equal(CounterSteps.Lines(RunLocally("counter", $"{CounterSteps.Last(programOutput.Text())}", "10", "20000")), CounterSteps.Lines(programOutput.Text()));
        Assert.True(programOutput.IsContiguous());
    }


    private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Enqueue(value);
    }
}
