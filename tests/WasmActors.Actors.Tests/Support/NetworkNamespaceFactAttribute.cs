namespace WasmActors.Actors.Tests;

/// <summary>
/// A fact that is skipped, with the reason printed, where the test cannot make Linux network namespaces: not Linux,
/// not root (or root without CAP_NET_ADMIN and CAP_SYS_ADMIN, as in an unprivileged container), or no <c>ip</c>.
/// </summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        Skip = BridgedHosts.UnavailableReason();
    }
}
