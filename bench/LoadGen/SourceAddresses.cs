using System.Globalization;
using System.Net;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// The loopback source addresses client sockets bind to, handed out round-robin. One source address gives one
/// destination at most as many connections as the ephemeral port range has ports (28,232 by default); Linux routes
/// all of 127.0.0.0/8 to <c>lo</c>, so 127.0.0.1, 127.0.0.2, ... each bring another range without any setup.
/// </summary>
internal sealed class SourceAddresses
{
    /// <summary>
    /// Share of the port range one address is planned to use. Under half: Linux's <c>connect()</c> takes the even ports
    /// of the range first (the odd ones are left for <c>bind()</c>), and once those are used each connect searches the
    /// range for a free odd port, so the connect rate of every server fell about tenfold past some 13,500 connections
    /// from one address. Other sockets of the machine take ports too.
    /// </summary>
    private const double PlannedShareOfPorts = 0.4;

    private readonly IPAddress[] _addresses;
    private int _next = -1;

    private SourceAddresses(IPAddress[] addresses)
    {
        _addresses = addresses;
    }

    public IReadOnlyList<IPAddress> Addresses => _addresses;

    /// <summary>
    /// Enough addresses for <paramref name="connections"/> to <paramref name="destination"/>, or <paramref name="forced"/>
    /// of them; null (let the kernel choose) when one is enough or the destination is not IPv4 loopback.
    /// </summary>
    public static SourceAddresses? For(IPEndPoint destination, int connections, int? forced)
    {
        var bytes = destination.Address.GetAddressBytes();
        if (bytes.Length != 4 || bytes[0] != 127)
        {
            return null;
        }

        var perAddress = Math.Max(1, (int)(EphemeralPorts() * PlannedShareOfPorts));
        var count = forced ?? (connections + perAddress - 1) / perAddress;
        if (count <= 1 && forced is null)
        {
            return null;
        }

        if (count > 254)
        {
            throw new ArgumentException($"{count} source addresses asked for; at most 254 (127.0.0.1 to 127.0.0.254).");
        }

        var addresses = new IPAddress[Math.Max(1, count)];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i] = new IPAddress(new byte[] { 127, 0, 0, (byte)(i + 1) });
        }

        return new SourceAddresses(addresses);
    }

    /// <summary>The next address, round-robin; safe from any thread.</summary>
    public IPAddress Next() => _addresses[(int)((uint)Interlocked.Increment(ref _next) % (uint)_addresses.Length)];

    public override string ToString() => string.Join(' ', _addresses.Select(address => address.ToString()));

    /// <summary>How many ports <c>net.ipv4.ip_local_port_range</c> holds (the kernel's default range when unreadable).</summary>
    public static int EphemeralPorts()
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(fields[1], CultureInfo.InvariantCulture) - int.Parse(fields[0], CultureInfo.InvariantCulture) + 1;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 60999 - 32768 + 1;
        }
    }
}
