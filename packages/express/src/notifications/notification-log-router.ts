import type { Notification, NotificationPage, NotificationResource } from '@annals/core';
import express, { type Router } from 'express';
import type { Authorize, TrustedNetwork } from '../access/authorize.js';
import type { ApplicationSource } from '../application-source.js';
import { accessGuard } from '../internal/access-guard.js';
import { pageLink, parseNotificationQuery } from '../internal/notification-query.js';

/** Options of {@link notificationLogRouter}. */
export interface NotificationLogRouterOptions {
  /** The application whose notification log is served. */
  readonly application: ApplicationSource;
  /**
   * Who may read the log, which holds every stored event: a function of the request (e.g.
   * `bearerToken(secret)`) whose refusals are answered 401 or 403, or `'trusted-network'` to serve every
   * request when only trusted clients can reach the server. Required: no default serves the log to anyone.
   */
  readonly authorize: Authorize | TrustedNetwork;
  /** The endpoint's path inside the router. @default '/notifications' */
  readonly path?: string;
  /** The largest page a client may ask for; larger `limit`s are refused with 400. @default 1000 */
  readonly maxLimit?: number;
  /** The page size when the request names none. @default 100 */
  readonly defaultLimit?: number;
}

/**
 * An Express router serving the application's notification log, so another service can follow it over
 * HTTP (with `NotificationLogClient` from `@annals/core`).
 *
 * `GET /notifications?after=<position>&limit=<n>&topics=A,B` answers a {@link NotificationPage}: the
 * notifications after `after` (default 0) in position order, at most `limit` (0 to `maxLimit`; 0 reads only
 * `maxPosition`), of the given topics (default all), with their stored state in base64; `next`, the link of
 * the following page when this one is full and the log goes on, else `null`; and `maxPosition`, the end of
 * the log when the page was read. A malformed query is answered 400, a strategy without a notification log
 * 501, unavailable storage 503 (through `problemHandler`). A request `authorize` refuses is answered 401
 * (`ANNALS_UNAUTHENTICATED`, no credentials) or 403 (`ANNALS_FORBIDDEN`) before the log is read.
 *
 * @throws ConfigurationError when `authorize` is missing.
 * @example
 * ```ts
 * const authorize = bearerToken(process.env['BANK_LOG_TOKEN'] ?? '');
 * app.use('/bank', notificationLogRouter({ application: getApplication, authorize }));
 * // GET /bank/notifications?after=0&limit=2 with `Authorization: Bearer <BANK_LOG_TOKEN>`
 * // → { "items": [{ "position": 1, "originatorId": "…", "originatorVersion": 1,
 * //                 "topic": "BankAccount.Opened", "state": "eyJ0Ijo…" }, …],
 * //     "next": "/bank/notifications?after=2&limit=2", "maxPosition": 40 }
 * ```
 */
export function notificationLogRouter(options: NotificationLogRouterOptions): Router {
  const limits = { defaultLimit: options.defaultLimit ?? 100, maxLimit: options.maxLimit ?? 1000 };
  const guard = accessGuard(options.authorize, 'notificationLogRouter');
  const router = express.Router();
  router.get(options.path ?? '/notifications', ...(guard ? [guard] : []), async (request, response) => {
    const query = parseNotificationQuery(request.query, limits);
    const { notificationLog } = await options.application();
    const notifications =
      query.limit === 0 ? [] : await notificationLog.select(query.after + 1, query.limit, query.topics);
    // Read after the page, so no item lies beyond it.
    const maxPosition = await notificationLog.maxPosition();
    const last = notifications.at(-1);
    const more = last !== undefined && notifications.length === query.limit && last.position < maxPosition;
    const page: NotificationPage = {
      items: notifications.map(toResource),
      next: more ? pageLink(request.baseUrl + request.path, { ...query, after: last.position }) : null,
      maxPosition,
    };
    response.json(page);
  });
  return router;
}

function toResource(notification: Notification): NotificationResource {
  const { state } = notification;
  return {
    position: notification.position,
    originatorId: notification.originatorId,
    originatorVersion: notification.originatorVersion,
    topic: notification.topic,
    state: (typeof state === 'string'
      ? Buffer.from(state, 'utf8')
      : Buffer.from(state.buffer, state.byteOffset, state.byteLength)
    ).toString('base64'),
  };
}
