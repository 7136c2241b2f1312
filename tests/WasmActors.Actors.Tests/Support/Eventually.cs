using Akka.Actor;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Actors.Tests;

/// <summary>Asks a cluster of node processes until an answer is ready; asks fail meanwhile while nodes join, die or restart.</summary>
internal static class Eventually
{
    public static async Task<T> AskAsync<T>(Func<Task<T>> ask, Func<T, bool> ready, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var value = await ask();
                if (ready(value))
                {
                    return value;
                }
            }
            catch (Exception e) when (e is OrchestratorException or AskTimeoutException or TimeoutException)
            {
                // a node is gone, joining, or restarting
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {timeout}");
            await Task.Delay(250);
        }
    }
}
