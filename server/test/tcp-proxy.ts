/**
 * A minimal TCP load balancer for tests: clients connect to one address and
 * are piped to whichever node is the target now, as behind a real proxy, so a
 * Socket.IO client that loses its node reconnects to the same URL and lands on
 * another one. Nothing is parsed: bytes pass through unchanged.
 */
import net from "node:net";

/** A running proxy. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Sends new connections to this port; null refuses them (closed at once), as when no node is up. */
  route(port: number | null): void;
  close(): Promise<void>;
}

/** Starts a proxy on a spare port, routing to `port`. */
export async function startTcpProxy(port: number | null): Promise<TcpProxy> {
  let target = port;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (target === null) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target, "127.0.0.1");
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once("close", () => open.delete(socket));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    // Either side ending ends both, as a proxy whose backend died does.
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const own = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${own}`,
    route(next) {
      target = next;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
