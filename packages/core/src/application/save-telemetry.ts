import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import { isRecordConflictError } from '../errors/index.js';
import type { ActiveRecordStrategy } from '../storage/index.js';
import { counter, durationBuckets, histogram } from '../telemetry/metrics.js';
import type { TelemetryAttributes } from '../telemetry/span.js';

/** Appends and loads, by `db.operation.name`: the semantic conventions' database client duration. */
const operationDuration = histogram('db.client.operation.duration', {
  description: 'Duration of Annals appends and aggregate loads',
  unit: 's',
  buckets: durationBuckets,
});

const appendedEvents = counter('annals.events.appended', {
  description: 'Domain events appended',
  unit: '{event}',
});

const appendConflicts = counter('annals.append.conflicts', {
  description: 'Appends refused because another save stored one of their versions first',
  unit: '{conflict}',
});

/** The attributes of every measurement of an application's storage operation. */
export function operationAttributes(
  application: string,
  strategy: ActiveRecordStrategy,
  operation: 'append' | 'load',
): TelemetryAttributes {
  return {
    'annals.application': application,
    'db.system.name': strategy.name,
    'db.operation.name': operation,
  };
}

/** The span attributes of a save of these aggregates. */
export function saveAttributes(
  aggregates: readonly Aggregate[],
  events: number,
  outbox: number,
): TelemetryAttributes {
  return {
    'annals.aggregate.ids': aggregates.map((aggregate) => aggregate.id),
    'annals.aggregate.types': [...new Set(aggregates.map((a) => (a.constructor as AggregateClass).topic))],
    'annals.event.count': events,
    'annals.outbox.count': outbox,
  };
}

/** Records one storage operation: its duration, and for appends the events written or the conflict. */
export function recordOperation(
  attributes: TelemetryAttributes,
  started: number,
  outcome: { readonly events?: number; readonly error?: unknown },
): void {
  if (operationDuration.recording) {
    const errorType = outcome.error === undefined ? undefined : errorTypeOf(outcome.error);
    operationDuration.record((performance.now() - started) / 1000, {
      ...attributes,
      'error.type': errorType,
    });
  }
  if (attributes['db.operation.name'] !== 'append') return;
  if (outcome.error === undefined) appendedEvents.add(outcome.events ?? 0, attributes);
  else if (isRecordConflictError(outcome.error)) appendConflicts.add(1, attributes);
}

function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
