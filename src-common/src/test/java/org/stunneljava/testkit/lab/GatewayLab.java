package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stunneljava.testkit.IptablesScripts;
import org.stunneljava.testkit.NetNs;

/**
 * The transparent gateway's network, made of network namespaces for one test run and deleted by {@link #close}:
 *
 * <pre>
 *   app ──── gw ──── exit ──┬── dest1
 *  (.2)  (.1)  (.1)   (.2)  │(.1)  (.2)      link 1: app–gw      10.77.1.0/24  fd77:1::/64
 *                           └── dest2       link 2: gw–exit     10.77.2.0/24  fd77:2::/64
 *                             (.1)  (.2)    link 3: exit–dest1  10.77.3.0/24  fd77:3::/64
 *                                           link 4: exit–dest2  10.77.4.0/24  fd77:4::/64
 * </pre>
 *
 * Each link is a veth pair, created straight inside its two namespaces (never in the host's), its ends named
 * {@code <host>-<peer>} ({@code gw-app} is gw's end towards app). On link n the first host named above has
 * 10.77.n.1 and fd77:n::1, the second .2 and ::2; IPv6 addresses are added with {@code nodad} and duplicate address
 * detection is off in every namespace, so they are usable at once. The addresses are fixed: each lab has namespaces
 * of its own, so two labs (two test JVMs) never see each other's.
 *
 * <p>Routing is a real gateway's: app's default route is gw (so gw sees app's connections in PREROUTING, where
 * {@code iptables/gateway-up --in gw-app} redirects them), gw's default route is exit, exit routes the app network
 * back through gw, and each destination's default route is exit. <b>gw and exit forward</b> (IPv4 and IPv6): a
 * gateway redirects only the ports it is told to and must route the rest, and exit plays the exit server's host and
 * the router of the destinations' network at once (as the Internet would between them), so a connection the
 * gateway does not redirect still reaches its destination, with app's own address as its source. A destination
 * therefore tells the two paths apart by the peer it sees: app's address (routed) or exit's address on its link
 * (through the tunnel). {@link #forwarding} turns routing off on a host for a test that must prove no byte can
 * bypass the tunnel.
 *
 * <p>The test owns the lab and closes it last, after the processes it started in it ({@code ip netns del} on a
 * namespace a process still runs in only unnames it). Closing deletes every namespace that was created, also after
 * a failure half-way through {@link #create}; {@link #leftovers} tells what is still there.
 */
public final class GatewayLab implements AutoCloseable {
    /** Namespace names start {@code sjlab-<pid>-}, so a stale one of a killed JVM can be recognised. */
    static final String PREFIX = "sjlab-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-.+$");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public enum Host {
        APP, GW, EXIT, DEST1, DEST2;

        public String role() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Family {
        V4, V6
    }

    /** Link n joins {@code first} (address .1 / ::1) and {@code second} (.2 / ::2). */
    private record Link(int number, Host first, Host second) {
        boolean joins(Host a, Host b) {
            return (first == a && second == b) || (first == b && second == a);
        }

        Host other(Host end) {
            return end == first ? second : first;
        }

        /** 10.77.n.0/24 or fd77:n::/64. */
        String network(Family family) {
            return family == Family.V4 ? "10.77." + number + ".0/24" : "fd77:" + number + "::/64";
        }

        /** Host number {@code last} (1 or 2) on the link: 10.77.n.last or fd77:n::last. */
        InetAddress address(int last, Family family) {
            try {
                return InetAddress.getByName(family == Family.V4 ? "10.77." + number + "." + last
                        : "fd77:" + number + "::" + last);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // a literal: never resolved
            }
        }

        /** The name of {@code end}'s veth end: {@code <end>-<other end>}. */
        String iface(Host end) {
            return end.role() + "-" + other(end).role();
        }
    }

    private static final List<Link> LINKS = List.of(new Link(1, Host.GW, Host.APP), new Link(2, Host.GW, Host.EXIT),
            new Link(3, Host.EXIT, Host.DEST1), new Link(4, Host.EXIT, Host.DEST2));

    private final String prefix;
    private final Map<Host, NetNs> namespaces = new EnumMap<>(Host.class);

    private GatewayLab(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Builds the whole lab. Needs root and {@code ip}: without them the test is skipped, or fails under CI=true
     * (through {@link NetNs#createNamed}). Anything that fails later deletes what was made and throws.
     */
    public static GatewayLab create() throws IOException, InterruptedException {
        removeStale();
        return create(PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-");
    }

    /** A lab with this prefix (tests of the lab itself use it to make creation fail half-way). */
    static GatewayLab create(String prefix) throws IOException, InterruptedException {
        GatewayLab lab = new GatewayLab(prefix);
        try {
            lab.build();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            try {
                lab.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void build() throws IOException, InterruptedException {
        for (Host host : Host.values()) {
            NetNs ns = NetNs.createNamed(prefix + host.role());
            namespaces.put(host, ns);
            boolean routes = host == Host.GW || host == Host.EXIT;
            // before any interface exists, so every interface inherits "no DAD" from the defaults
            sysctl(host, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                    "net.ipv4.ip_forward=" + (routes ? 1 : 0), "net.ipv6.conf.all.forwarding=" + (routes ? 1 : 0));
            ip(host, "link", "set", "lo", "up");
        }
        for (Link link : LINKS) {
            host("ip", "link", "add", link.iface(link.first()), "netns", namespace(link.first()), "type", "veth",
                    "peer", "name", link.iface(link.second()), "netns", namespace(link.second()));
            for (Host end : List.of(link.first(), link.second())) {
                Host other = link.other(end);
                String dev = link.iface(end);
                ip(end, "addr", "add", address(end, other, Family.V4).getHostAddress() + "/24", "dev", dev);
                ip(end, "-6", "addr", "add", address(end, other, Family.V6).getHostAddress() + "/64", "dev", dev,
                        "nodad");
                ip(end, "link", "set", dev, "up");
            }
        }
        route(Host.APP, null, Host.GW);
        route(Host.GW, null, Host.EXIT);
        route(Host.EXIT, link(Host.GW, Host.APP), Host.GW); // replies to the app network, through gw
        route(Host.DEST1, null, Host.EXIT);
        route(Host.DEST2, null, Host.EXIT);
    }

    /** A route to a link's network ({@code null}: the default route) via a neighbour, for both families. */
    private void route(Host host, Link to, Host via) throws IOException, InterruptedException {
        for (Family f : Family.values()) {
            ip(host, f == Family.V4 ? "-4" : "-6", "route", "add", to == null ? "default" : to.network(f), "via",
                    address(via, host, f).getHostAddress());
        }
    }

    /** The namespace's name, for {@code ip netns exec NAME ...}. */
    public String namespace(Host host) {
        return prefix + host.role();
    }

    /** This run's prefix of every namespace name. */
    public String prefix() {
        return prefix;
    }

    /** The namespace itself, to {@link NetNs#exec} commands in it. */
    public NetNs netns(Host host) {
        NetNs ns = namespaces.get(host);
        if (ns == null) {
            throw new IllegalStateException(host + " was not created");
        }
        return ns;
    }

    /** Runs a command inside a host's namespace (30-second limit); stdout and stderr together. */
    public NetNs.Result exec(Host host, String... command) throws IOException, InterruptedException {
        return netns(host).exec(command);
    }

    /** Runs {@code iptables/NAME ARGS...} of this repository (found from the working directory upwards) in a host. */
    public NetNs.Result iptablesScript(Host host, String name, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(IptablesScripts.path(name).toString()));
        cmd.addAll(List.of(args));
        return exec(host, cmd.toArray(String[]::new));
    }

    /**
     * Every rule and every chain of our own in a host's iptables and ip6tables, as {@code iptables-save} and
     * {@code ip6tables-save} print them ({@code -A ...} and {@code :CHAIN ...} lines, each prefixed with the tool's
     * name): empty when nothing but the built-in chains with their default policies is left.
     */
    public List<String> savedRules(Host host) throws IOException, InterruptedException {
        List<String> rules = new ArrayList<>();
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            NetNs.Result r = exec(host, tool);
            check(r, List.of(tool));
            r.output().lines().filter(l -> l.startsWith("-A ") || (l.startsWith(":") && !BUILT_IN.matcher(l).find()))
                    .forEach(l -> rules.add(tool + " " + l));
        }
        return rules;
    }

    private static final Pattern BUILT_IN = Pattern.compile("^:(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ");

    /** The interface of {@code host} on its link to {@code peer}, e.g. {@code gw-app} (for gateway-up --in). */
    public String iface(Host host, Host peer) {
        return link(host, peer).iface(host);
    }

    /** {@code host}'s address on its link to {@code peer}: the address {@code peer} reaches it at directly. */
    public InetAddress address(Host host, Host peer, Family family) {
        Link link = link(host, peer);
        return link.address(host == link.first() ? 1 : 2, family);
    }

    /** The network of the link between two hosts, as a CIDR ({@code 10.77.3.0/24}, {@code fd77:3::/64}). */
    public String network(Host a, Host b, Family family) {
        return link(a, b).network(family);
    }

    /** The only address of app, dest1 or dest2 (one link each); gw and exit have two: name the peer. */
    public InetAddress address(Host host, Family family) {
        List<Link> links = LINKS.stream().filter(l -> l.first() == host || l.second() == host).toList();
        if (links.size() != 1) {
            throw new IllegalArgumentException(host + " has an address on each of its links: name the peer");
        }
        return address(host, links.getFirst().other(host), family);
    }

    private static Link link(Host a, Host b) {
        return LINKS.stream().filter(l -> l.joins(a, b)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no link between " + a + " and " + b));
    }

    /** Turns IPv4 and IPv6 forwarding on a host on or off. */
    public void forwarding(Host host, boolean on) throws IOException, InterruptedException {
        int v = on ? 1 : 0;
        sysctl(host, "net.ipv4.ip_forward=" + v, "net.ipv6.conf.all.forwarding=" + v);
    }

    private void sysctl(Host host, String... settings) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        cmd.addAll(List.of(settings));
        check(exec(host, cmd.toArray(String[]::new)), cmd);
    }

    private void ip(Host host, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", namespace(host)));
        cmd.addAll(List.of(args));
        host(cmd.toArray(String[]::new));
    }

    private static void host(String... command) throws IOException, InterruptedException {
        check(NetNs.run(List.of(command)), List.of(command));
    }

    private static void check(NetNs.Result r, List<String> command) throws IOException {
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output().strip());
        }
    }

    /**
     * What is left of this lab on the machine: namespaces with its prefix, and interfaces in the host's namespace
     * named like one of its veth ends (there should never be any: they are made inside the namespaces).
     */
    public List<String> leftovers() throws IOException, InterruptedException {
        return leftovers(prefix);
    }

    /** {@link #leftovers()} of any prefix. */
    public static List<String> leftovers(String prefix) throws IOException, InterruptedException {
        List<String> left = new ArrayList<>(namespaceNames().stream().filter(n -> n.startsWith(prefix)).toList());
        List<String> ends = new ArrayList<>();
        for (Link l : LINKS) {
            ends.add(l.iface(l.first()));
            ends.add(l.iface(l.second()));
        }
        for (String line : NetNs.run(List.of("ip", "-o", "link", "show")).output().lines().toList()) {
            String[] fields = line.split(":\\s+", 3); // "7: gw-app@if8: <...>"
            if (fields.length > 1 && ends.contains(fields[1].replaceFirst("@.*", ""))) {
                left.add("interface " + fields[1]);
            }
        }
        return left;
    }

    private static List<String> namespaceNames() throws IOException, InterruptedException {
        // "name (id: 3)" or just "name"
        return NetNs.run(List.of("ip", "netns", "list")).output().lines().map(l -> l.split(" ")[0]).toList();
    }

    /** Deletes labs a killed test JVM left behind (their pid is gone); a live JVM's labs are left alone. */
    static void removeStale() throws IOException, InterruptedException {
        for (String name : namespaceNames()) {
            Matcher m = OURS.matcher(name);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                NetNs.run(List.of("ip", "netns", "del", name));
            }
        }
    }

    /** Deletes every namespace of the lab (with them their interfaces, addresses, routes and iptables rules). */
    @Override
    public void close() throws IOException {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<Host, NetNs> e : namespaces.entrySet()) {
            try {
                e.getValue().close();
            } catch (IOException | InterruptedException ex) {
                failed.add(e.getValue().name() + ": " + ex);
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        namespaces.clear();
        if (!failed.isEmpty()) {
            throw new IOException("could not delete " + failed);
        }
    }

    @Override
    public String toString() {
        return "GatewayLab " + prefix + "{app, gw, exit, dest1, dest2}";
    }
}
