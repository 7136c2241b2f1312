using System.Text;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Node.Commands;

namespace WasmActors.Node.Tests;

/// <summary>
/// `deploy --follow` and `logs` print a program's writes in its order: a write that arrives before an earlier one (after
/// a migration the two come from different nodes) waits for it, and one that never arrives is reported, not hidden.
/// </summary>
public sealed class FollowedOutputTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ActorSystem _system = ActorSystem.Create("followed-output");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public async Task A_write_that_overtakes_an_earlier_one_is_printed_after_it()
    {
        var program = new ProgramOutput(_system);
        var (output, error) = (new SyncWriter(), new SyncWriter());
        var printing = FollowedOutput.PrintUntilEndAsync(program, output, error);

        Write(program, 0, 1, "step 100\n");
        Write(program, 2, 1, "\n"); // the end of the line written as a second iovec, here before the first
        await UntilAsync(() => output.Text == "step 100\n");
        await Task.Delay(300); // several rounds of the printer
        Assert.Equal("step 100\n", output.Text);

        Write(program, 1, 1, "step 120");
        Write(program, 3, 2, "warning\n");
        program.Ref.Tell(new InstanceExited("i-1", 0, 0));
        Assert.Equal(0, await printing.WaitAsync(Timeout));
        Assert.Equal("step 100\nstep 120\n", output.Text);
        Assert.Equal("warning\n", error.Text);
    }

    [Fact]
    public async Task A_character_split_between_two_writes_prints_whole_and_a_write_that_never_came_is_reported()
    {
        var program = new ProgramOutput(_system);
        var (output, error) = (new SyncWriter(), new SyncWriter());
        var printing = FollowedOutput.PrintUntilEndAsync(program, output, error);

        var bytes = Encoding.UTF8.GetBytes("café\n");
        program.Ref.Tell(new InstanceOutput("i-1", 1, 7, bytes[..4])); // "caf" and the first byte of "é"
        program.Ref.Tell(new InstanceOutput("i-1", 1, 8, bytes[4..]));
        Write(program, 10, 1, "after the gap\n");
        program.Ref.Tell(new InstanceExited("i-1", 0, 0));

        Assert.Equal(0, await printing.WaitAsync(Timeout));
        Assert.Equal("café\nafter the gap\n", output.Text);
        Assert.Contains("1 writes of the program never arrived", error.Text, StringComparison.Ordinal);
    }

    private static void Write(ProgramOutput program, long sequence, int fd, string text) =>
        program.Ref.Tell(new InstanceOutput("i-1", fd, sequence, Encoding.UTF8.GetBytes(text)));

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the printer printed nothing");
            await Task.Delay(20);
        }
    }

    /// <summary>A writer read by the test while the printer writes to it.</summary>
    private sealed class SyncWriter : StringWriter
    {
        private readonly Lock _lock = new();

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return ToString();
                }
            }
        }

        public override Task WriteAsync(char[] buffer, int index, int count)
        {
            lock (_lock)
            {
                Write(buffer, index, count);
            }

            return Task.CompletedTask;
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_lock)
            {
                WriteLine(value);
            }

            return Task.CompletedTask;
        }
    }
}
