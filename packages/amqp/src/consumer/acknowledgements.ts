import type { Channel, Message } from 'amqplib';

/**
 * Acknowledges the deliveries of one channel in as few frames as the order of processing allows: once every
 * delivery up to one is settled, a single `multiple` acknowledgement covers them all. A delivery settled
 * before an earlier one waits for it (lanes finish out of order); {@link flush} acknowledges such stragglers
 * one by one before the channel closes.
 */
export class Acknowledgements {
  readonly #channel: Channel;
  /** Deliveries not yet acknowledged, in the order the broker sent them (ascending delivery tags). */
  readonly #outstanding: Message[] = [];
  readonly #settled = new Set<Message>();

  constructor(channel: Channel) {
    this.#channel = channel;
  }

  /** Call for every delivery, in the order they arrive. */
  received(delivery: Message): void {
    this.#outstanding.push(delivery);
  }

  /** The deliveries are settled (their effects committed, or their copies confirmed): acknowledge them. */
  ack(deliveries: readonly Message[]): void {
    for (const delivery of deliveries) this.#settled.add(delivery);
    let upTo: Message | undefined;
    for (;;) {
      const first = this.#outstanding[0];
      if (!first || !this.#settled.has(first)) break;
      this.#outstanding.shift();
      this.#settled.delete(first);
      upTo = first;
    }
    if (upTo) this.#channel.ack(upTo, true);
  }

  /** Acknowledges each settled delivery still waiting behind an unsettled one. */
  flush(): void {
    for (const delivery of this.#settled) this.#channel.ack(delivery);
    this.#settled.clear();
  }
}
