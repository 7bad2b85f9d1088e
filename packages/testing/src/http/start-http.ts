import type { ExecutionContext } from 'ava';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a request through {@link startHttp} answered. */
export interface HttpResult<Body = unknown> {
  /** The HTTP status code. */
  readonly status: number;
  /** The response headers. */
  readonly headers: Headers;
  /** The parsed JSON when the content type is JSON, else the text (`''` when empty). */
  readonly body: Body;
}

/** Options of one request. */
export interface HttpRequestOptions {
  /**
   * The request body. A string is sent as it is (as `text/plain` unless `headers` give a content type);
   * anything else is sent as JSON. @default no body
   */
  readonly body?: unknown;
  /** @default {} */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A server under test, listening on 127.0.0.1, and real HTTP requests to it. */
export interface HttpSpecification {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The server, listening. */
  readonly server: Server;
  /** Sends a request with any method; `path` is relative to `url`. */
  request(method: string, path: string, options?: HttpRequestOptions): Promise<HttpResult>;
  /** Sends a GET request. */
  get(path: string, headers?: Readonly<Record<string, string>>): Promise<HttpResult>;
  /** Sends a POST request; a `body` that is not a string is sent as JSON. */
  post(path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<HttpResult>;
  /** Sends a PUT request; a `body` that is not a string is sent as JSON. */
  put(path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<HttpResult>;
  /** Sends a PATCH request; a `body` that is not a string is sent as JSON. */
  patch(path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<HttpResult>;
  /** Sends a DELETE request. */
  delete(path: string, headers?: Readonly<Record<string, string>>): Promise<HttpResult>;
}

/**
 * Starts an HTTP server on a free port of 127.0.0.1 for one test and closes it when the test ends. Takes a
 * request listener (an Express app is one) or an `http.Server` that is not listening yet.
 *
 * @example
 * ```ts
 * test('opening an account answers 201 with its ETag', async (t) => {
 *   const http = await startHttp(t, createApp());
 *   const created = await http.post('/accounts', { owner: 'Ada' });
 *   t.is(created.status, 201);
 *   t.is(created.headers.get('etag'), '"1"');
 * });
 * ```
 */
export async function startHttp(
  t: ExecutionContext,
  listener: RequestListener | Server,
): Promise<HttpSpecification> {
  const server = typeof listener === 'function' ? createServer(listener) : listener;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  t.teardown(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const request = async (
    method: string,
    path: string,
    options: HttpRequestOptions = {},
  ): Promise<HttpResult> => {
    const headers = new Headers(options.headers);
    let body: string | undefined;
    if (typeof options.body === 'string') {
      body = options.body;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const response = await fetch(new URL(path, url), {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const json = /[/+]json\b/.test(response.headers.get('content-type') ?? '') && text !== '';
    return {
      status: response.status,
      headers: response.headers,
      body: json ? (JSON.parse(text) as unknown) : text,
    };
  };
  return {
    url,
    server,
    request,
    get: (path, headers) => request('GET', path, headers ? { headers } : {}),
    post: (path, body, headers) => request('POST', path, { body, ...(headers ? { headers } : {}) }),
    put: (path, body, headers) => request('PUT', path, { body, ...(headers ? { headers } : {}) }),
    patch: (path, body, headers) => request('PATCH', path, { body, ...(headers ? { headers } : {}) }),
    delete: (path, headers) => request('DELETE', path, headers ? { headers } : {}),
  };
}
