import { Buffer } from 'node:buffer';
import {
  ConfigurationError,
  ErrorCode,
  NotSupportedError,
  OperationalError,
  ValidationError,
  type AnnalsError,
} from '../errors/index.js';
import { validateNotificationQuery, type Notification } from '../storage/index.js';
import type { IterateOptions } from './notification-log.js';

/** One notification as the HTTP endpoint sends it: the stored event with its state in base64. */
export interface NotificationResource {
  /** The event's position in the log. */
  readonly position: number;
  /** The id of the aggregate the event happened to. */
  readonly originatorId: string;
  /** The aggregate's version after the event. */
  readonly originatorVersion: number;
  /** The topic of the event's class. */
  readonly topic: string;
  /** The stored state bytes (transcoded, compressed, encrypted as stored), base64-encoded. */
  readonly state: string;
}

/**
 * A page of the notification log over HTTP, the answer to `GET …/notifications?after=&limit=&topics=`.
 * Items are the notifications after position `after`, in position order.
 */
export interface NotificationPage {
  /** The notifications of the page, in order of position. */
  readonly items: readonly NotificationResource[];
  /** The path and query of the following page when this one was full and the log goes on; else `null`. */
  readonly next: string | null;
  /** The highest position readers could see when the page was read. */
  readonly maxPosition: number;
}

/** Options of the {@link NotificationLogClient}. */
export interface NotificationLogClientOptions {
  /** The notification-log endpoint, e.g. `http://bank:3000/notifications`. */
  readonly url: string | URL;
  /**
   * Headers sent with every request. Their values never appear in the client's error messages.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The bearer token sent as `Authorization: Bearer <token>`, or a function called before each request
   * that returns it (for tokens that expire). It never appears in the client's error messages.
   * @default no `Authorization` header beyond those in `headers`
   */
  readonly token?: string | (() => string | Promise<string>);
  /** How long one request may take before it fails with `OperationalError`, in ms. @default 10000 */
  readonly timeout?: number;
}

/**
 * Reads another application's notification log over HTTP, with the reading API of `NotificationLog`. The
 * notifications carry the stored state bytes, so a local `notificationLog.decode(notification)` (or any
 * mapper with the upstream's topics, compression and cipher key) turns them into domain events.
 *
 * Failures become Annals errors: a 400 answer a `ValidationError`, a strategy without a log
 * `NotSupportedError`, a 401 or 403 (credentials missing or refused) `ConfigurationError`, and anything else
 * (unreachable, timed out, 5xx, malformed answer) `OperationalError`.
 *
 * @example
 * ```ts
 * const upstream = new NotificationLogClient({
 *   url: 'http://bank:3000/notifications',
 *   token: process.env['BANK_LOG_TOKEN'] ?? '',
 * });
 * const start = (await app.strategy.maxTrackingPosition('bank')) + 1;
 * for await (const notification of upstream.iterate({ start, topics: ['BankAccount.Opened'] })) {
 *   const event = app.notificationLog.decode(notification);
 *   // … react, then app.record(aggregates, { tracking: { application: 'bank', position: notification.position } })
 * }
 * ```
 */
export class NotificationLogClient {
  /** The notification-log endpoint it reads. */
  readonly url: URL;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #token: (() => string | Promise<string>) | undefined;
  readonly #timeout: number;

  /** @throws ConfigurationError when `url` holds a user or password, or a header value is malformed. */
  constructor(options: NotificationLogClientOptions) {
    this.url = new URL(options.url);
    if (this.url.username !== '' || this.url.password !== '') {
      throw new ConfigurationError(
        'url',
        'the notification log url must not hold credentials; pass them as token or headers',
      );
    }
    this.#headers = options.headers ?? {};
    for (const [name, value] of Object.entries(this.#headers)) assertHeader('headers', name, value);
    const { token } = options;
    this.#token = typeof token === 'string' ? () => token : token;
    if (typeof token === 'string') assertHeader('token', 'authorization', `Bearer ${token}`);
    this.#timeout = options.timeout ?? 10_000;
  }

  /** Up to `limit` notifications from position `start` on. */
  async select(start: number, limit: number, topics?: readonly string[]): Promise<Notification[]> {
    validateNotificationQuery({ start, limit });
    const page = await this.#page(start - 1, limit, topics);
    return page.items.map(toNotification);
  }

  /** Every notification from `start` on, page by page, until the end of the log as it was when iteration began. */
  async *iterate(options: IterateOptions = {}): AsyncIterable<Notification> {
    const { topics, pageSize = 500 } = options;
    const start = options.start ?? 1;
    validateNotificationQuery({ start, limit: pageSize });
    let after = start - 1;
    let stop: number | undefined;
    for (;;) {
      const page = await this.#page(after, pageSize, topics);
      stop ??= page.maxPosition;
      for (const item of page.items) {
        if (item.position > stop) return;
        yield toNotification(item);
      }
      const last = page.items.at(-1);
      if (!last || page.items.length < pageSize || last.position >= stop) return;
      after = last.position;
    }
  }

  /** The highest position readers of the upstream log can see now. */
  async maxPosition(): Promise<number> {
    return (await this.#page(0, 0, undefined)).maxPosition;
  }

  async #page(
    after: number,
    limit: number,
    topics: readonly string[] | undefined,
  ): Promise<NotificationPage> {
    const url = new URL(this.url);
    url.searchParams.set('after', String(after));
    url.searchParams.set('limit', String(limit));
    if (topics && topics.length > 0) {
      if (topics.some((topic) => topic.includes(','))) {
        throw new ValidationError(
          `topics read over HTTP must not contain commas; got ${JSON.stringify(topics)}`,
        );
      }
      url.searchParams.set('topics', topics.join(','));
    }
    const token = await this.#currentToken();
    const headers = {
      accept: 'application/json',
      ...this.#headers,
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    };
    const secrets = [...Object.values(this.#headers), ...(token === undefined ? [] : [token])];
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.#timeout) });
      text = await response.text();
    } catch (error) {
      const message = `notification log at ${this.url.href} could not be read: ${describe(error)}`;
      throw new OperationalError(redact(message, secrets), { cause: error });
    }
    const body = parseJson(text);
    if (!response.ok) throw this.#problem(response.status, body, secrets);
    if (!isPage(body)) {
      throw new OperationalError(`notification log at ${this.url.href} answered with a malformed page`);
    }
    return body;
  }

  /** The bearer token, read anew for each request. */
  async #currentToken(): Promise<string | undefined> {
    if (!this.#token) return undefined;
    let token: string;
    try {
      token = await this.#token();
    } catch (error) {
      throw new OperationalError(`the token for the notification log at ${this.url.href} could not be read`, {
        cause: error,
      });
    }
    assertHeader('token', 'authorization', `Bearer ${token}`);
    return token;
  }

  #problem(status: number, body: unknown, secrets: readonly string[]): AnnalsError {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : `HTTP ${status}`;
    const message = redact(`notification log at ${this.url.href} answered ${status}: ${detail}`, secrets);
    if (status === 400) return new ValidationError(message);
    if (status === 401 || status === 403) return new ConfigurationError('token', message);
    if (problem['code'] === ErrorCode.notSupported) return new NotSupportedError(message);
    return new OperationalError(message);
  }
}

function toNotification(item: NotificationResource): Notification {
  return {
    position: item.position,
    originatorId: item.originatorId,
    originatorVersion: item.originatorVersion,
    topic: item.topic,
    state: new Uint8Array(Buffer.from(item.state, 'base64')),
  };
}

function isPage(value: unknown): value is NotificationPage {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as Record<string, unknown>;
  return (
    Array.isArray(page['items']) &&
    page['items'].every(isResource) &&
    (page['next'] === null || typeof page['next'] === 'string') &&
    Number.isSafeInteger(page['maxPosition'])
  );
}

function isResource(value: unknown): value is NotificationResource {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(item['position']) &&
    typeof item['originatorId'] === 'string' &&
    Number.isSafeInteger(item['originatorVersion']) &&
    typeof item['topic'] === 'string' &&
    typeof item['state'] === 'string'
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Refuses a header value `fetch` would refuse, without the value, which `fetch`'s own error would quote. */
function assertHeader(setting: string, name: string, value: string): void {
  try {
    new Headers([[name, value]]);
  } catch {
    throw new ConfigurationError(setting, `the ${name} header of the notification log client is malformed`);
  }
}

/** The message with every header value (a token, a key) replaced, in case an answer or error quoted one. */
function redact(message: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret !== '')
    .reduce((text, secret) => text.replaceAll(secret, '[redacted]'), message);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
