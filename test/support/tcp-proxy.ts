import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Closes the listener and every open connection: "the database is down" for whoever uses the proxy. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /**
   * The next client chunk matching `pattern` is forwarded, then every connection is cut before the
   * answer comes back: the server applied the change, the client saw a network error.
   */
  cutAfter(pattern: RegExp): void;
}

/** A real TCP proxy on 127.0.0.1 in front of a server, to inject network faults. */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cutPattern: RegExp | undefined;
  let port = 0;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const listen = (server: Server) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        port = typeof address === 'object' && address !== null ? address.port : port;
        resolve();
      });
    });
  const build = () =>
    createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      sockets.add(client);
      sockets.add(upstream);
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      let cutOnAnswer = false;
      client.on('data', (chunk: Buffer) => {
        upstream.write(chunk);
        if (cutPattern?.test(chunk.toString('latin1'))) {
          cutPattern = undefined;
          cutOnAnswer = true;
        }
      });
      upstream.on('data', (chunk: Buffer) => {
        // The server answered the statement, so it ran: drop everything before the client hears it.
        if (cutOnAnswer) cutAll();
        else if (!client.destroyed) client.write(chunk);
      });
    });
  let server = build();
  await listen(server);
  return {
    get port() {
      return port;
    },
    async stop() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      server = build();
      await listen(server);
    },
    cutAfter(pattern) {
      cutPattern = pattern;
    },
  };
}
