import { ValidationError } from '@annals/core';
import type { DseClientOptions } from 'cassandra-driver';

type ClientOptions = Omit<DseClientOptions, 'contactPoints' | 'localDataCenter' | 'keyspace'>;

const DEFAULT_PORT = 9042;

/**
 * Client options whose `protocolOptions.port` is the port the contact points name. The driver reaches the
 * nodes it discovers from `system.peers` on that one port (9042 unless set), whatever port a contact point
 * names: without it, a cluster on another port is reached only through its contact points, and a node
 * listening on 9042 at a peer's address, such as a second cluster, is taken for that peer.
 * @throws ValidationError when the contact points name different ports and `protocolOptions.port` is unset.
 */
export function withContactPort(
  clientOptions: ClientOptions,
  contactPoints: readonly string[],
): ClientOptions {
  if (clientOptions.protocolOptions?.port !== undefined) return clientOptions;
  const ports = new Set(contactPoints.map(portOf));
  const [port] = ports;
  if (port === undefined || ports.size > 1) {
    throw new ValidationError(
      `contactPoints name different ports (${[...ports].join(', ')}; ${DEFAULT_PORT} where none is named), ` +
        'but the driver reaches every node of a cluster on one port: name the same port on each, or set ' +
        'clientOptions.protocolOptions.port',
    );
  }
  return port === DEFAULT_PORT
    ? clientOptions
    : { ...clientOptions, protocolOptions: { ...clientOptions.protocolOptions, port } };
}

/** The port of `host`, `host:port`, `[ipv6]` or `[ipv6]:port`; a bare IPv6 address names none. */
function portOf(point: string): number {
  const match = /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(point);
  return match?.[1] === undefined ? DEFAULT_PORT : Number(match[1]);
}
