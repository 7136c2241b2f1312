using System.Net;
using WasmActors.Transport;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Security;
using WasmActors.Transport.Server;

using var cert = NodeCertificate.CreateSelfSigned("bench");
var registry = new PageRegistry();
var bytes = new byte[64 * 65536];
new Random(1).NextBytes(bytes);
registry.Register(new RegionKey(1, 1), bytes, 4096);
var transport = new NgQuicPageTransport();
await using var server = await transport.StartServerAsync(new IPEndPoint(IPAddress.Loopback, 0), registry, new PageTransportOptions { Certificate = cert });
Console.WriteLine($"server on {server.LocalEndPoint}");
await using var client = await transport.ConnectAsync(server.LocalEndPoint, new PageTransportOptions { Trust = PeerTrust.Pin(cert.Certificate) });
var r = await client.FetchAsync(new RegionKey(1, 1), [new PageRange(0, 4)]);
Console.WriteLine($"got {r.Data.Length}");
