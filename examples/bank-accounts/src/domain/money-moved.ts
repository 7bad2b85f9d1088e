import {
  AccountClosed,
  AccountOpened,
  MoneyDeposited,
  MoneyReceived,
  MoneyReturned,
  MoneySent,
  MoneyWithdrawn,
  TransferRefused,
} from './events.js';

const directions = new Map<string, 1 | -1 | null>([
  [AccountOpened.topic, null],
  [MoneyDeposited.topic, 1],
  [MoneyWithdrawn.topic, -1],
  [AccountClosed.topic, null],
  [MoneySent.topic, -1],
  [MoneyReceived.topic, 1],
  [MoneyReturned.topic, 1],
  [TransferRefused.topic, null],
]);

/**
 * The money an account event moved: positive into the account, negative out of it, `null` for an event
 * that moves none. It works on topics and payloads, so it reads account events however they arrive: as
 * domain events, notifications or broker messages.
 * @throws Error for a topic that is not an account event's
 */
export function moneyMoved(topic: string, payload: object): number | null {
  const direction = directions.get(topic);
  if (direction === undefined) throw new Error(`${topic} is not an account event`);
  return direction === null ? null : direction * Number((payload as { amount?: unknown }).amount);
}
