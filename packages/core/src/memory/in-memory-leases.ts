import type { Lease, LeaseStore } from '../storage/lease-store.js';
import { assertText } from '../storage/validation.js';

/** Leases held in process memory: exclusive among the runners of one process, which is all memory spans. */
export class InMemoryLeases implements LeaseStore {
  readonly #held = new Map<string, AbortController>();

  async tryLease(name: string): Promise<Lease | undefined> {
    assertText(name, 'lease name');
    if (this.#held.has(name)) return undefined;
    const controller = new AbortController();
    this.#held.set(name, controller);
    return {
      name,
      signal: controller.signal,
      release: async () => {
        if (this.#held.get(name) !== controller) return;
        this.#held.delete(name);
        controller.abort();
      },
    };
  }

  /** Ends every lease, as a dying process would. */
  releaseAll(): void {
    for (const controller of this.#held.values()) controller.abort();
    this.#held.clear();
  }
}
