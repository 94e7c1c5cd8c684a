/**
 * A network partition on this machine, for the binary only: the binary runs in a network namespace of its
 * own (`ip netns exec`) and reaches the database through a router namespace and a TCP relay in this process
 * (listening on this side's veth address, forwarding to the real server on 127.0.0.1). cut() has the router
 * drop every packet it forwards, both ways (an empty queue, pfifo limit 0, on both its links: this kernel
 * has no netem): no RST or FIN ever arrives and neither end's own stack sees a drop, as when a host or a
 * route goes away; heal() lets packets through again. Needs root; every name starts with "mgp".
 */
import { spawnSync } from "node:child_process";
import { createServer, connect, type Server, type Socket } from "node:net";

function sh(...args: string[]): void {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr || r.error?.message}`);
}

export class Partition {
  /** The namespace the binary runs in. */
  readonly ns: string;
  /** The router's namespace, which forwards between the binary's and this one. */
  readonly #router: string;
  readonly #id: string;
  /** The relay's address, reached from the binary's namespace through the router. */
  readonly host: string;
  #relays: Server[] = [];
  #sockets = new Set<Socket>();
  #cut = false;

  private constructor(id: string, readonly subnet: number) {
    this.#id = id;
    this.ns = `mgpartc${id}`;
    this.#router = `mgpartr${id}`;
    this.host = `10.77.${subnet}.6`;
  }

  /**
   * Two namespaces and two veth pairs of their own: the binary's namespace (10.77.N.2) — the router
   * (10.77.N.1, 10.77.N.5) — this one (10.77.N.6).
   */
  static create(): Partition {
    const id = Math.random().toString(36).slice(2, 8);
    const n = 1 + Math.floor(Math.random() * 250);
    const p = new Partition(id, n);
    const [c, r] = [p.ns, p.#router];
    const inC = (...a: string[]) => sh("ip", "netns", "exec", c, ...a);
    const inR = (...a: string[]) => sh("ip", "netns", "exec", r, ...a);
    try {
      sh("ip", "netns", "add", c);
      sh("ip", "netns", "add", r);
      sh("ip", "link", "add", `mgpc${id}`, "netns", c, "type", "veth", "peer", "name", `mgpr${id}`, "netns", r);
      sh("ip", "link", "add", `mgph${id}`, "type", "veth", "peer", "name", `mgps${id}`, "netns", r);
      inC("ip", "addr", "add", `10.77.${n}.2/30`, "dev", `mgpc${id}`);
      inC("ip", "link", "set", `mgpc${id}`, "up");
      inC("ip", "link", "set", "lo", "up");
      inC("ip", "route", "add", "default", "via", `10.77.${n}.1`);
      inR("ip", "addr", "add", `10.77.${n}.1/30`, "dev", `mgpr${id}`);
      inR("ip", "addr", "add", `10.77.${n}.5/30`, "dev", `mgps${id}`);
      inR("ip", "link", "set", `mgpr${id}`, "up");
      inR("ip", "link", "set", `mgps${id}`, "up");
      inR("sysctl", "-qw", "net.ipv4.ip_forward=1");
      sh("ip", "addr", "add", `10.77.${n}.6/30`, "dev", `mgph${id}`);
      sh("ip", "link", "set", `mgph${id}`, "up");
      sh("ip", "route", "add", `10.77.${n}.0/30`, "via", `10.77.${n}.5`, "dev", `mgph${id}`);
      // Fixed neighbours: with ARP dropped too, each end's own stack would fail the next hop and answer
      // "host unreachable" itself, which a partition further away never does.
      const mac = (ns: string | undefined, dev: string) => {
        const out = spawnSync("ip", [...(ns ? ["-n", ns] : []), "-j", "link", "show", "dev", dev], { encoding: "utf8" }).stdout;
        return (JSON.parse(out) as { address: string }[])[0]!.address;
      };
      const neigh = (ns: string | undefined, ip: string, lladdr: string, dev: string) =>
        sh("ip", ...(ns ? ["-n", ns] : []), "neigh", "replace", ip, "lladdr", lladdr, "dev", dev, "nud", "permanent");
      neigh(c, `10.77.${n}.1`, mac(r, `mgpr${id}`), `mgpc${id}`);
      neigh(r, `10.77.${n}.2`, mac(c, `mgpc${id}`), `mgpr${id}`);
      neigh(r, `10.77.${n}.6`, mac(undefined, `mgph${id}`), `mgps${id}`);
      neigh(undefined, `10.77.${n}.5`, mac(r, `mgps${id}`), `mgph${id}`);
    } catch (error) {
      p.destroy();
      throw error;
    }
    return p;
  }

  /** Forward `host:port` (reached from the namespace) to 127.0.0.1:`to`; the port the namespace connects to. */
  async relay(to: number): Promise<number> {
    const server = createServer({ pauseOnConnect: false }, (client) => {
      const upstream = connect(to, "127.0.0.1");
      this.#sockets.add(client).add(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
    });
    this.#relays.push(server);
    await new Promise<void>((resolve) => server.listen(0, this.host, resolve));
    return (server.address() as { port: number }).port;
  }

  /** A URL of the server at 127.0.0.1:`port` rewritten to reach it through the relay at `relayPort`. */
  url(url: string, relayPort: number): string {
    const u = new URL(url);
    u.hostname = this.host;
    u.port = String(relayPort);
    return u.toString();
  }

  /** Drop every packet, both ways: the binary's sockets hear nothing more, and nothing it sends arrives. */
  cut(): void {
    if (this.#cut) return;
    for (const dev of [`mgpr${this.#id}`, `mgps${this.#id}`]) sh("ip", "netns", "exec", this.#router, "tc", "qdisc", "add", "dev", dev, "root", "pfifo", "limit", "0");
    this.#cut = true;
  }

  heal(): void {
    if (!this.#cut) return;
    for (const dev of [`mgpr${this.#id}`, `mgps${this.#id}`]) spawnSync("ip", ["netns", "exec", this.#router, "tc", "qdisc", "del", "dev", dev, "root"]);
    this.#cut = false;
  }

  /** The command that runs a command in the namespace, followed by that command. */
  get prefix(): string[] {
    return ["ip", "netns", "exec", this.ns];
  }

  /** The command that runs `argv` in the namespace. */
  command(argv: readonly string[]): string[] {
    return [...this.prefix, ...argv];
  }

  /** Remove everything made; safe to call twice, and after a failed create(). */
  destroy(): void {
    this.heal();
    for (const s of this.#sockets) s.destroy();
    for (const r of this.#relays) r.close();
    this.#relays = [];
    // Deleting a namespace deletes its veth pairs with it.
    spawnSync("ip", ["netns", "del", this.ns]);
    spawnSync("ip", ["netns", "del", this.#router]);
    spawnSync("ip", ["link", "del", `mgph${this.#id}`]);
  }
}
