import type { AggregateClass } from '../aggregate/index.js';
import { TopicNotFoundError, ValidationError } from '../errors/index.js';
import { assertText } from '../storage/validation.js';
import type { EventClass } from './domain-event.js';

/**
 * Maps stored topics to the classes that read them. Each application owns one, so two applications in a
 * process can register different classes. Aliases keep renamed classes resolvable.
 */
export class TopicRegistry {
  readonly #events = new Map<string, EventClass>();
  readonly #aggregates = new Map<string, AggregateClass>();

  /** Registers an aggregate class and every event class it declares. */
  registerAggregate(aggregateClass: AggregateClass): void {
    this.#claim(this.#aggregates, requireTopic(aggregateClass), aggregateClass);
    for (const eventClass of aggregateClass.events) this.registerEvent(eventClass);
  }

  /** Registers an event class under its topic and its aliases. */
  registerEvent(eventClass: EventClass): void {
    const topic = requireTopic(eventClass);
    if (!Number.isInteger(eventClass.classVersion) || eventClass.classVersion < 1) {
      throw new ValidationError(`${eventClass.name}.classVersion must be an integer >= 1`);
    }
    if (eventClass.upcasters.length < eventClass.classVersion - 1) {
      throw new ValidationError(
        `${eventClass.name} is at class version ${eventClass.classVersion} but has only ` +
          `${eventClass.upcasters.length} upcasters; it needs ${eventClass.classVersion - 1}`,
      );
    }
    for (const alias of eventClass.aliases) assertText(alias, `an alias of ${eventClass.name}`);
    for (const name of [topic, ...eventClass.aliases]) this.#claim(this.#events, name, eventClass);
  }

  /** The event class stored under `topic`, or a `TopicNotFoundError` naming it. */
  eventClass(topic: string): EventClass {
    const found = this.#events.get(topic);
    if (!found) throw new TopicNotFoundError(topic);
    return found;
  }

  /** The event class stored under `topic`, if any. */
  findEventClass(topic: string): EventClass | undefined {
    return this.#events.get(topic);
  }

  /** The aggregate class whose snapshots are stored under `topic`. */
  aggregateClass(topic: string): AggregateClass {
    const found = this.#aggregates.get(topic);
    if (!found) throw new TopicNotFoundError(topic);
    return found;
  }

  #claim<C extends { readonly name: string }>(map: Map<string, C>, topic: string, cls: C): void {
    const existing = map.get(topic);
    if (existing && existing !== cls) {
      throw new ValidationError(`topic "${topic}" is claimed by both ${existing.name} and ${cls.name}`);
    }
    map.set(topic, cls);
  }
}

function requireTopic(cls: { readonly topic?: unknown; readonly name: string }): string {
  if (typeof cls.topic !== 'string' || cls.topic.length === 0) {
    throw new ValidationError(`${cls.name} needs a static, non-empty string "topic"`);
  }
  // A topic no store can hold exactly would save and then never read back.
  assertText(cls.topic, `${cls.name}.topic`);
  return cls.topic;
}
