import type { Tracking } from './records.js';

/**
 * Records of what followers and consumers have processed (capability `tracking`), written atomically with
 * their effects: tracking records through `append`, processed message ids through
 * {@link recordProcessedMessages}.
 */
export interface TrackingStore {
  /** The highest upstream position recorded for `application`; 0 when none. */
  maxTrackingPosition(application: string): Promise<number>;
  /** The highest recorded position of every upstream application. */
  trackingPositions(): Promise<Tracking[]>;
  /**
   * Records that `consumer` has processed the messages `messageIds`, in one statement where the storage
   * allows; inside a transaction the records commit or roll back with the handlers' effects. A concurrent
   * recording of the same pair waits for the first to commit or roll back.
   * @returns the ids recorded now, in the order given, each once; an id missing from it was recorded
   *   before: that message is a redelivery.
   */
  recordProcessedMessages(consumer: string, messageIds: readonly string[]): Promise<string[]>;
}
