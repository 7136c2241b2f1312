using System.Net;
using System.Net.NetworkInformation;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>Whether an address belongs to this machine, so traffic to it stays on the loopback device.</summary>
internal static class LocalAddresses
{
    public static bool IsOnThisHost(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }
        try
        {
            // Asked once per connection (a handshake costs far more), so an address added later is seen.
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.Equals(address))
                    {
                        return true;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Unknown: treat the peer as remote, which is always safe.
        }
        return false;
    }
}
