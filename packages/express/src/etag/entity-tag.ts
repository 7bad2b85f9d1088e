import { ValidationError, type Aggregate } from '@annals/core';
import type { Request, Response } from 'express';
import { PreconditionFailedError } from '../problems/precondition-failed-error.js';

const tagPattern = /^(?:W\/)?"(\d{1,15})"$/;

/** The entity tag of an aggregate version: strong and quoted, `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/**
 * Answers with `body` as JSON and the aggregate's version as its `ETag`. Call it after saving, so the version
 * is the stored one. A `GET` whose `If-None-Match` names that version is answered 304 by Express.
 *
 * @example
 * ```ts
 * app.get('/accounts/:id', async (req, res) => {
 *   const account = await getApplication().get(BankAccount, req.params.id);
 *   sendAggregate(res, account, { id: account.id, balance: account.balance });
 * });
 * ```
 */
export function sendAggregate(response: Response, aggregate: Aggregate, body: unknown): void {
  response.set('ETag', entityTag(aggregate.version)).json(body);
}

/**
 * The version a request's `If-Match` expects: a number, `'*'` for any, or `undefined` without the header.
 * A weak tag (`W/"3"`) counts as the strong one: compression middleware weakens the ETags it passes on, and
 * the version names the aggregate's state whatever the encoding of its representation.
 * @throws ValidationError for anything but `*` or one entity tag of a version.
 */
export function expectedVersion(request: Request): number | '*' | undefined {
  const header = request.get('if-match');
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const digits = tagPattern.exec(value)?.[1];
  if (digits === undefined) {
    throw new ValidationError(`If-Match must be * or one entity tag of a version like "3"; got ${header}`);
  }
  return Number(digits);
}

/**
 * Refuses a change to an aggregate whose version is not the one the request's `If-Match` names: call it after
 * loading the aggregate and before running the command. Without `If-Match`, or with `*`, anything passes;
 * a save that races with another still fails with `RecordConflictError` (409).
 * @throws PreconditionFailedError (412) when the versions differ.
 *
 * @example
 * ```ts
 * app.post('/accounts/:id/deposits', async (req, res) => {
 *   const bank = getApplication();
 *   const account = await bank.get(BankAccount, req.params.id);
 *   assertIfMatch(req, account);
 *   account.deposit(req.body.amount);
 *   await bank.save(account);
 *   sendAggregate(res, account, { id: account.id, balance: account.balance });
 * });
 * ```
 */
export function assertIfMatch(request: Request, aggregate: Aggregate): void {
  const expected = expectedVersion(request);
  if (expected === undefined || expected === '*') return;
  if (expected !== aggregate.version) {
    throw new PreconditionFailedError(aggregate.id, expected, aggregate.version);
  }
}
