import { consoleLogger, tracedLogger, type Logger } from '@annals/core';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';

/** Options of {@link serve}. */
export interface ServeOptions {
  /** The port to listen on; 0 picks a free one. */
  readonly port: number;
  /** The address to listen on. @default every interface */
  readonly host?: string;
  /** Runs once the last connection has ended, e.g. `closeApplication`. @default nothing */
  readonly close?: () => unknown;
  /**
   * How long requests in flight may take to finish once shutdown begins, in ms; the connections still open
   * then are cut. @default 10000
   */
  readonly timeout?: number;
  /**
   * How long keep-alive connections that are idle when shutdown begins stay open, in ms, so a request a client
   * is sending on one right then is still served (with `Connection: close`) rather than reset. @default 500
   */
  readonly idleGrace?: number;
  /** The signals that begin a graceful shutdown and then end the process. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** Where the reason of a failed shutdown goes. @default one line per warning or error on stderr */
  readonly logger?: Logger;
  /** Ends the process after a shutdown that a signal began. @default process.exit */
  readonly exit?: (code: number) => void;
}

/** A server started by {@link serve}. */
export interface Serving {
  /** The listening HTTP server. */
  readonly server: Server;
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** True once shutdown has begun. */
  readonly shuttingDown: boolean;
  /**
   * Stops accepting connections, lets the requests in flight finish (answering them with
   * `Connection: close`), closes the remaining connections, then runs `close`. Safe to call twice; it does
   * not end the process.
   */
  shutdown(): Promise<void>;
}

/**
 * Listens on a port and shuts down gracefully on SIGTERM or SIGINT: it stops accepting connections, lets the
 * requests in flight finish, closes idle keep-alive connections, runs `close` (e.g. `closeApplication`), and
 * exits 0; or exits 1 with a one-line reason through the logger when closing fails. A second signal during
 * the shutdown ends the process at once.
 *
 * @example
 * ```ts
 * const app = express();
 * const server = http.createServer(app);
 * app.use(healthRouter({ application: getApplication, server }));
 * // … routes, then notFoundHandler(), problemHandler()
 * await serve(server, { port: 3000, close: closeApplication });
 * ```
 */
export async function serve(server: Server, options: ServeOptions): Promise<Serving> {
  const logger = tracedLogger(
    options.logger ??
      consoleLogger({ level: 'warn', destination: process.stderr, fields: { component: 'http' } }),
  );
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeout = options.timeout ?? 10_000;
  const idleGrace = options.idleGrace ?? 500;

  // Responses not yet begun when shutdown starts are told to close their connection.
  const open = new Set<ServerResponse>();
  let shutdown: Promise<void> | undefined;
  server.prependListener('request', (_request, response: ServerResponse) => {
    if (shutdown) {
      response.setHeader('Connection', 'close');
      return;
    }
    open.add(response);
    response.once('close', () => open.delete(response));
  });

  await listen(server, options.port, options.host);

  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    serving.shutdown().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  const stopListeningForSignals = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);

  const drain = async (): Promise<void> => {
    stopListeningForSignals();
    for (const response of open) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    }
    // net.Server's close, not http.Server's: the latter also drops idle keep-alive connections at once,
    // resetting any request a client is sending on one at that moment.
    const drained = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const idle = setInterval(() => server.closeIdleConnections(), idleGrace);
    const cut = setTimeout(() => {
      logger.warn({ timeout }, 'cutting the connections still open after the shutdown timeout');
      server.closeAllConnections();
    }, timeout);
    try {
      await drained;
    } finally {
      clearInterval(idle);
      clearTimeout(cut);
    }
    await options.close?.();
  };

  const serving: Serving = {
    server,
    url: urlOf(server.address() as AddressInfo),
    get shuttingDown() {
      return shutdown !== undefined;
    },
    shutdown: () => (shutdown ??= drain()),
  };
  return serving;
}

async function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, ...(host === undefined ? {} : { host }) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
