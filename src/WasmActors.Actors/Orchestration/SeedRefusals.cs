using Akka.Actor;
using Akka.Remote;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// Hears Akka.Remote's association errors while a client makes its first contact, so that seeds that refuse the
/// connection (nothing listens there) are reported at once instead of after the contact timeout.
/// </summary>
internal static class SeedRefusals
{
    /// <summary>
    /// Starts listening on <paramref name="system"/>'s event stream; completes, with the reasons, once every seed has
    /// failed, and never if one answers.
    /// </summary>
    public static Task<string> AllRefused(ActorSystem system, IReadOnlyCollection<Address> seeds)
    {
        var allRefused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new Listener(seeds, allRefused)));
        system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
        return allRefused.Task;
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(IReadOnlyCollection<Address> seeds, TaskCompletionSource<string> allRefused)
        {
            var reasons = new Dictionary<Address, string>();
            Receive<AssociationErrorEvent>(e =>
            {
                if (seeds.Contains(e.RemoteAddress))
                {
                    reasons[e.RemoteAddress] = e.Cause?.Message ?? e.ToString();
                    if (reasons.Count == seeds.Count)
                    {
                        allRefused.TrySetResult(string.Join("; ", reasons.Values));
                    }
                }
            });
        }
    }
}
