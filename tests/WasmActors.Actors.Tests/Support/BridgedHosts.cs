using System.Diagnostics;
using System.Globalization;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Separate "hosts" on one machine: a Linux network namespace per host, each with one veth interface (MTU 1500, as
/// on Ethernet) on a bridge of its own and an address in 10.213.X.0/24 (X random), and its loopback up. Nothing
/// but the bridge connects them, so each node sees only its own address and reaches the others over the bridge as it
/// would over a LAN. Names carry the creating process's id: an earlier run that was killed before its cleanup leaves
/// namespaces and links whose process is gone, and <see cref="Create"/> removes those first.
/// </summary>
internal sealed class BridgedHosts : IDisposable
{
    public const int Mtu = 1500;

    /// <summary>Namespaces are named wasmactors-test-PID-SUFFIX-HOST; links start with "wat" and carry this alias with the PID.</summary>
    private const string NamespacePrefix = "wasmactors-test-";
    private const string LinkPrefix = "wat";
    private const string AliasPrefix = "wasmactors-test-pid=";

    private readonly string _bridge;
    private readonly Dictionary<string, (string Namespace, string Address)> _hosts = new(StringComparer.Ordinal);

    private BridgedHosts(string bridge) => _bridge = bridge;

    /// <summary>Why namespaces cannot be made here, or null when they can.</summary>
    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux only";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"runs as root only (ip netns add, ip link add type bridge/veth); running as {Environment.UserName}";
        }

        if (!HasNamespaceCapabilities())
        {
            return "root here lacks CAP_NET_ADMIN or CAP_SYS_ADMIN (an unprivileged container?): ip netns cannot work";
        }

        return IpCommand is null ? "the ip command is missing: install the Debian package iproute2 (scripts/prereqs.sh does as root)" : null;
    }

    /// <summary>Removes leftovers of killed runs, then makes the bridge and one namespace per name in <paramref name="hosts"/>.</summary>
    public static BridgedHosts Create(params string[] hosts)
    {
        RemoveStaleLeftovers();
        var pid = Environment.ProcessId;
        var suffix = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5];
        var subnet = Random.Shared.Next(1, 255);
        var network = new BridgedHosts($"{LinkPrefix}{suffix}br");
        var alias = $"{AliasPrefix}{pid}";
        try
        {
            // One ip process for this side's commands and one per namespace (ip -batch): a loaded machine starts
            // dozens of processes slowly.
            List<string> outside = [$"link add {network._bridge} type bridge", $"link set {network._bridge} alias {alias}", $"link set {network._bridge} mtu {Mtu} up"];
            var inside = new List<(string Namespace, string[] Commands)>();
            for (var i = 0; i < hosts.Length; i++)
            {
                var name = $"{NamespacePrefix}{pid}-{suffix}-{hosts[i]}";
                var address = $"10.213.{subnet}.{10 + i}";
                var (host, peer) = ($"{LinkPrefix}{suffix}h{i}", $"{LinkPrefix}{suffix}n{i}");
                network._hosts[hosts[i]] = (name, address);
                outside.AddRange([
                    $"netns add {name}",
                    $"link add {host} mtu {Mtu} type veth peer name {peer} mtu {Mtu}",
                    $"link set {host} alias {alias}",
                    $"link set {peer} netns {name}",
                    $"link set {host} master {network._bridge} up",
                ]);
                inside.Add((name, ["link set lo up", $"addr add {address}/24 dev {peer}", $"link set {peer} up"]));
            }

            Batch(null, outside);
            foreach (var (name, commands) in inside)
            {
                Batch(name, commands);
            }

            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The namespace of <paramref name="host"/> (for <c>ip netns exec</c>).</summary>
    public string Namespace(string host) => _hosts[host].Namespace;

    /// <summary>The address of <paramref name="host"/> on the bridge.</summary>
    public string Address(string host) => _hosts[host].Address;

    /// <summary>
    /// The kernel's IP and UDP counters of <paramref name="host"/>'s namespace (/proc/net/snmp read inside it), keyed
    /// "Ip.FragCreates", "Udp.OutDatagrams" and so on.
    /// </summary>
    public IReadOnlyDictionary<string, long> Counters(string host)
    {
        var lines = Ip("netns", "exec", Namespace(host), "cat", "/proc/net/snmp").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        // Pairs of lines: "Ip: Forwarding DefaultTTL …" then "Ip: 1 64 …".
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var group = names[0].TrimEnd(':');
            for (var k = 1; k < Math.Min(names.Length, values.Length); k++)
            {
                counters[$"{group}.{names[k]}"] = long.Parse(values[k], CultureInfo.InvariantCulture);
            }
        }

        return counters;
    }

    /// <summary>Kills whatever still runs in the namespaces, deletes them (their veths go with them) and the bridge.</summary>
    public void Dispose()
    {
        foreach (var (name, _) in _hosts.Values)
        {
            RemoveNamespace(name);
        }

        TryIp("link", "del", _bridge);
    }

    private static void RemoveStaleLeftovers()
    {
        foreach (var line in Ip("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith(NamespacePrefix, StringComparison.Ordinal) && !IsAlive(name[NamespacePrefix.Length..].Split('-')[0]))
            {
                RemoveNamespace(name);
            }
        }

        foreach (var link in Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName).OfType<string>())
        {
            var alias = link.StartsWith(LinkPrefix, StringComparison.Ordinal) ? ReadAlias(link) : "";
            if (alias.StartsWith(AliasPrefix, StringComparison.Ordinal) && !IsAlive(alias[AliasPrefix.Length..]))
            {
                TryIp("link", "del", link);
            }
        }
    }

    private static string ReadAlias(string link)
    {
        try
        {
            return File.ReadAllText($"/sys/class/net/{link}/ifalias").Trim();
        }
        catch (IOException)
        {
            return ""; // gone meanwhile
        }
    }

    private static bool IsAlive(string pid) => int.TryParse(pid, out var id) && Directory.Exists($"/proc/{id}");

    private static void RemoveNamespace(string name)
    {
        // Processes still inside would keep the veth, and the namespace's name, alive.
        foreach (var pid in TryIp("netns", "pids", name).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (ArgumentException)
            {
                // it ended meanwhile
            }
        }

        TryIp("netns", "del", name);
    }

    private static string? IpCommand { get; } = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);

    /// <summary>Runs ip with <paramref name="arguments"/>; its output, or an exception naming the command and its error.</summary>
    private static string Ip(params string[] arguments)
    {
        var (code, stdout, stderr) = RunIp(arguments);
        return code == 0 ? stdout : throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {stderr.Trim()}");
    }

    /// <summary>Runs <paramref name="commands"/> in one <c>ip -batch</c> (inside <paramref name="networkNamespace"/> when given); it stops at the first that fails.</summary>
    private static void Batch(string? networkNamespace, IEnumerable<string> commands)
    {
        string[] arguments = networkNamespace is null ? ["-batch", "-"] : ["-n", networkNamespace, "-batch", "-"];
        var (code, _, stderr) = RunIp(arguments, string.Join('\n', commands) + "\n");
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {stderr.Trim()}");
        }
    }

    /// <summary>As <see cref="Ip"/> for cleanup, where a failure (already gone) is no error.</summary>
    private static string TryIp(params string[] arguments) => RunIp(arguments).Stdout;

    private static (int Code, string Stdout, string Stderr) RunIp(string[] arguments, string? input = null)
    {
        var start = new ProcessStartInfo(IpCommand ?? "ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ip");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"ip {string.Join(' ', arguments)} did not finish in 30 s");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>CAP_NET_ADMIN (bit 12) and CAP_SYS_ADMIN (bit 21) in this process's effective set.</summary>
    private static bool HasNamespaceCapabilities()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        if (line is null || !ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var effective))
        {
            return false;
        }

        return (effective & (1UL << 12)) != 0 && (effective & (1UL << 21)) != 0;
    }
}
