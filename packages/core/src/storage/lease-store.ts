/** Exclusive, named ownership held by one process while it is alive. */
export interface Lease {
  /** The name of what the lease owns, e.g. a projection's partition. */
  readonly name: string;
  /** Aborted when the lease is lost (its connection died, it expired) or released. */
  readonly signal: AbortSignal;
  /** Gives the lease up, so another process can take it at once. Safe to call more than once. */
  release(): Promise<void>;
}

/**
 * Leases (capability `leases`): at most one live holder per name, across processes. A lease whose holder
 * dies is freed within seconds: with the holder's database session, or when it stops renewing it.
 */
export interface LeaseStore {
  /** Takes the lease when nobody holds it. @returns the lease, or `undefined` when another process holds it */
  tryLease(name: string): Promise<Lease | undefined>;
}
