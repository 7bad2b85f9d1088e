import type { Recording } from '@annals/core';
import type { Response } from 'express';

/**
 * The header that carries a notification position from the answer of a write to a later read that must see
 * the write: {@link setPosition} sets it, `readYourWrites` waits for it.
 */
export const positionHeader = 'Annals-Position';

/**
 * Sets `Annals-Position` on the answer of a write to the highest notification position its save wrote, so
 * that the client can send it with a later read that must see its own write. Nothing is set when the
 * strategy keeps no notification log. Browsers on another origin read the header only when
 * `Access-Control-Expose-Headers` names it.
 * @returns the response, to chain the answer
 *
 * @example
 * ```ts
 * app.post('/accounts', async (req, res) => {
 *   const account = BankAccount.open(req.body.owner);
 *   setPosition(res, await getApplication().save(account)).status(201).json({ id: account.id });
 * });
 * ```
 */
export function setPosition(response: Response, recordings: readonly Recording[]): Response {
  const positions = recordings.flatMap(({ position }) => (position === undefined ? [] : [position]));
  if (positions.length > 0) response.set(positionHeader, String(Math.max(...positions)));
  return response;
}
