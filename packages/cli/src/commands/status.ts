import type { MessagingStatus } from '@annals/amqp';
import { hasOutbox, hasTracking, type ActiveRecordStrategy } from '@annals/core';
import type { BuiltinCommand } from './command.js';

export const statusCommand: BuiltinCommand = {
  name: 'status',
  usage: 'status',
  summary: 'outbox backlog and its oldest age, tracking positions, consumer lag and parked messages',
  run: async ({ app, messaging, output }) => {
    const status: MessagingStatus = messaging
      ? await messaging.status()
      : {
          outbox: await outboxOf(app.strategy),
          tracking: hasTracking(app.strategy) ? await app.strategy.trackingPositions() : [],
          consumers: [],
        };
    const lines = [
      `outbox: ${status.outbox.pending} pending` +
        (status.outbox.oldestAgeMs === undefined
          ? ''
          : `, oldest ${(status.outbox.oldestAgeMs / 1000).toFixed(1)} s`),
      ...status.tracking.map((t) => `tracking ${t.application}: position ${t.position}`),
      ...status.consumers.map(
        (c) =>
          `consumer ${c.consumer}: ${c.ready} waiting, ${c.retrying} retrying, ${c.parked} parked, ${c.consumers} attached`,
      ),
    ];
    output.result(status, lines.join('\n'));
  },
};

/** The outbox backlog, empty without an outbox. */
async function outboxOf(strategy: ActiveRecordStrategy): Promise<MessagingStatus['outbox']> {
  if (!hasOutbox(strategy)) return { pending: 0, oldestAgeMs: undefined };
  const backlog = await strategy.outboxBacklog();
  return {
    pending: backlog.pending,
    oldestAgeMs: backlog.oldest && Math.max(0, Date.now() - backlog.oldest.getTime()),
  };
}
