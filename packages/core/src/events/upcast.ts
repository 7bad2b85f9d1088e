import { IntegrityError } from '../errors/index.js';
import type { EventClass } from './domain-event.js';

/** Brings a stored payload of `fromVersion` up to the class's current version. */
export function upcast(
  eventClass: EventClass,
  payload: Record<string, unknown>,
  fromVersion: number,
): Record<string, unknown> {
  if (!Number.isSafeInteger(fromVersion) || fromVersion < 1) {
    throw new IntegrityError(`stored ${eventClass.topic} has no valid class version`);
  }
  if (fromVersion === eventClass.classVersion) return payload;
  if (fromVersion > eventClass.classVersion) {
    throw new IntegrityError(
      `stored ${eventClass.topic} has class version ${fromVersion}, newer than this code's ${eventClass.classVersion}`,
    );
  }
  let upcasted = payload;
  for (let version = fromVersion; version < eventClass.classVersion; version++) {
    const upcaster = eventClass.upcasters[version - 1];
    if (!upcaster) {
      throw new IntegrityError(`${eventClass.topic} has no upcaster from class version ${version}`);
    }
    upcasted = upcaster(upcasted);
  }
  return upcasted;
}
