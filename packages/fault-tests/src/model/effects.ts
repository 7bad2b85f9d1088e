import type { InboundMessage } from '@annals/amqp';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The consumer's queue, and its name among the processed-message records. */
export const effectsQueue = 'effects';

/** The consumer's back-off before each retry of a failed message, ms; a fourth failure parks it. */
export const effectsRetryDelays = [200, 1000, 5000];

/**
 * The consumer's read model: a row per message its handler processed. No key on the message id, so a message
 * whose effect happened twice shows as two rows instead of an error.
 */
export const createEffectsTable =
  'CREATE TABLE IF NOT EXISTS effects (id bigserial PRIMARY KEY, message_id text NOT NULL)';

/** The handler's effect, written in the consumer's transaction, which also records the message as processed. */
export async function recordEffect(em: EntityManager, message: InboundMessage): Promise<void> {
  await em.execute('INSERT INTO effects (message_id) VALUES (?)', [message.id]);
}
