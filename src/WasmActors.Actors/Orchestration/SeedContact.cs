using Akka.Actor;
using Akka.Remote;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// Hears Akka.Remote's association events while a client makes its first contact: seeds that refuse the connection
/// (nothing listens there) are reported at once, and the contact timeout only runs until some seed completes the
/// handshake. A seed that answered is then given the ask timeout for the directory, so a slow, loaded machine is not
/// mistaken for an unreachable one.
/// </summary>
internal sealed class SeedContact
{
    private readonly TaskCompletionSource<string> _allRefused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _associated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SeedContact()
    {
    }

    /// <summary>Completes, with the reasons, once every seed has refused; never if one answers.</summary>
    public Task<string> AllRefused => _allRefused.Task;

    /// <summary>Completes once the handshake with some seed succeeded.</summary>
    public Task Associated => _associated.Task;

    /// <summary>Starts listening on <paramref name="system"/>'s event stream for these seeds.</summary>
    public static SeedContact Watch(ActorSystem system, IReadOnlyCollection<Address> seeds)
    {
        var contact = new SeedContact();
        var listener = system.ActorOf(Props.Create(() => new Listener(seeds, contact)));
        system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
        system.EventStream.Subscribe(listener, typeof(AssociatedEvent));
        return contact;
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(IReadOnlyCollection<Address> seeds, SeedContact contact)
        {
            var reasons = new Dictionary<Address, string>();
            Receive<AssociatedEvent>(e =>
            {
                if (seeds.Contains(e.RemoteAddress))
                {
                    contact._associated.TrySetResult();
                }
            });
            Receive<AssociationErrorEvent>(e =>
            {
                if (seeds.Contains(e.RemoteAddress))
                {
                    reasons[e.RemoteAddress] = e.Cause?.Message ?? e.ToString();
                    if (reasons.Count == seeds.Count)
                    {
                        contact._allRefused.TrySetResult(string.Join("; ", reasons.Values));
                    }
                }
            });
        }
    }
}
