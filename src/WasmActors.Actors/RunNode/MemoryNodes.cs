using Akka.Actor;
using Akka.Cluster;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The memory nodes a run node can store snapshots on, picked in turn. A node the failure detector calls
/// unreachable is kept, only passed over while a reachable one exists: on a busy machine heartbeats come late
/// and a node is "unreachable" for a few seconds while it serves requests as usual. An upload to a node that is
/// really gone fails with the upload timeout, which names the node, rather than at once with "no memory node".
/// A node leaves the list when it leaves the cluster.
/// </summary>
internal sealed class MemoryNodes
{
    private readonly List<Address> _up = [];
    private readonly HashSet<Address> _unreachable = [];
    private int _next;

    /// <summary>Every memory node up, reachable or not.</summary>
    public IReadOnlyList<Address> All => _up;

    /// <summary>Adds the member if it is a memory node; false when it is not one.</summary>
    public bool Up(Member member)
    {
        if (!member.HasRole("memory"))
        {
            return false;
        }

        Up(member.Address);
        return true;
    }

    public void Up(Address memoryNode)
    {
        if (!_up.Contains(memoryNode))
        {
            _up.Add(memoryNode);
        }
    }

    public void Gone(Address address)
    {
        _up.Remove(address);
        _unreachable.Remove(address);
    }

    public void Unreachable(Address address) => _unreachable.Add(address);

    public void Reachable(Address address) => _unreachable.Remove(address);

    /// <summary>The next reachable memory node, or an unreachable one when none is reachable; null when none is up.</summary>
    public Address? Next()
    {
        if (_up.Count == 0)
        {
            return null;
        }

        for (var tried = 0; tried < _up.Count; tried++)
        {
            var candidate = _up[_next++ % _up.Count];
            if (!_unreachable.Contains(candidate))
            {
                return candidate;
            }
        }

        return _up[_next++ % _up.Count];
    }
}
