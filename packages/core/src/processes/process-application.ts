import { Application } from '../application/index.js';
import { toOutboxMessage } from '../application/message-init.js';
import type { DomainEvent } from '../events/index.js';
import type { Recording } from '../store/index.js';
import { Policy } from './policy.js';
import { Processing } from './processing.js';

/**
 * An application that follows other applications' logs (or its own) and reacts to their events with its
 * policy: for each upstream event, the aggregates the policy changed, the messages it sends and the
 * tracking record of the event are recorded in one atomic append. An event is processed exactly once,
 * however often a crash makes a runner read it again. Runners (`ProcessRunner`, systems) feed it events.
 *
 * @example
 * ```ts
 * class Transfers extends ProcessApplication {
 *   static override readonly aggregates = [Transfer];
 *   static override readonly policy = new Policy<Transfers>().on(Debited, async (app, event, processing) => {
 *     const transfer = await app.get(Transfer, event.payload.transferId);
 *     transfer.markDebited();
 *     processing.collect(transfer);
 *   });
 * }
 * ```
 */
export class ProcessApplication extends Application {
  /** What the application does for each upstream event class. @default a policy that handles nothing */
  static readonly policy: Policy<ProcessApplication> = new Policy();

  /** The policy of this application's class. */
  get policy(): Policy<ProcessApplication> {
    return (this.constructor as typeof ProcessApplication).policy;
  }

  /**
   * Processes one upstream event: runs the policy, then records its effects with the tracking record of
   * `(upstream, position)` in one append.
   * @throws RecordConflictError when the event was processed already, or one of the changed aggregates
   *   was changed by another save in the meantime; nothing of this processing is then stored
   */
  async process(event: DomainEvent, upstream: string, position: number): Promise<Recording[]> {
    const processing = new Processing(upstream, position);
    await this.policy.handle(this, event, processing);
    return this.record(processing.aggregates, {
      tracking: { application: upstream, position },
      outbox: processing.messages.map(toOutboxMessage),
    });
  }
}
