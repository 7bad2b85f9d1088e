import { activeTraceIds, inSpan } from '@annals/core/telemetry';
import type { RequestHandler } from 'express';
import { instanceOf } from '../internal/send-problem.js';

/**
 * Runs each request inside an OpenTelemetry server span that continues the client's W3C `traceparent`, so
 * the spans of what the request saves, and the messages those saves publish, join the client's trace. Where
 * an HTTP instrumentation already made a span for the request, it adds none. Costs nothing without an
 * OpenTelemetry SDK.
 *
 * @example
 * ```ts
 * app.use(requestTracing(), requestLog({ logger }));
 * ```
 */
export function requestTracing(): RequestHandler {
  return (request, response, next) => {
    if (activeTraceIds()) {
      next();
      return;
    }
    const attributes = { 'http.request.method': request.method, 'url.path': instanceOf(request) };
    void inSpan(
      request.method,
      { kind: 'server', parent: request.headers, attributes },
      (span) =>
        new Promise<void>((resolve) => {
          response.once('close', () => {
            const route = (request.route as { path?: unknown } | undefined)?.path;
            const status = response.statusCode;
            span.setAttributes({
              'http.response.status_code': status,
              'http.route': typeof route === 'string' ? route : undefined,
              'error.type': status >= 500 ? String(status) : undefined,
            });
            resolve();
          });
          next();
        }),
    );
  };
}
