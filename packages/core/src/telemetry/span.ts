import type { Span } from '@opentelemetry/api';
import { extractedContext } from './internal/carrier.js';
import { openTelemetry } from './internal/open-telemetry.js';
import { activeTracer } from './internal/tracer.js';
import type { TraceCarrier } from './trace-headers.js';

/** What a span stands for, as OpenTelemetry's `SpanKind`. */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Attributes of a span or a measurement; undefined values are left out. */
export type TelemetryAttributes = Readonly<
  Record<string, string | number | boolean | readonly string[] | readonly number[] | undefined>
>;

/** Options of {@link startSpan} and {@link inSpan}. */
export interface SpanOptions {
  /** @default 'internal' */
  readonly kind?: SpanKind | undefined;
  /** The span's attributes, or a function that makes them, called only when the span is recorded. @default {} */
  readonly attributes?: TelemetryAttributes | (() => TelemetryAttributes) | undefined;
  /** Headers whose trace context the span continues (an incoming message's). @default the active span */
  readonly parent?: TraceCarrier | undefined;
  /** When the span began, in ms since the epoch. @default now */
  readonly startTime?: number | undefined;
}

/** A span Annals started. Every method does nothing when no OpenTelemetry SDK is registered. */
export interface TracedSpan {
  /** Adds attributes, e.g. the positions an append was given. */
  setAttributes(attributes: TelemetryAttributes): void;
  /** Headers carrying this span's trace context, to continue it elsewhere (`{}` when nothing is traced). */
  traceHeaders(): Record<string, string>;
  /** Ends the span; with an error, marks it failed and records the error. */
  end(error?: unknown): void;
}

const kinds: Readonly<Record<SpanKind, number>> = {
  internal: 0,
  server: 1,
  client: 2,
  producer: 3,
  consumer: 4,
};

const untraced: TracedSpan = {
  setAttributes: () => undefined,
  traceHeaders: () => ({}),
  end: () => undefined,
};

/** Starts a span, not made active: for work that ends in a callback, such as a publish's confirm. */
export function startSpan(name: string, options: SpanOptions = {}): TracedSpan {
  return startOtelSpan(name, options)?.traced ?? untraced;
}

/**
 * Runs `work` inside a new active span, so spans and trace headers made within are its children; ends it
 * when `work` settles, failed when it throws. Without an SDK, runs `work` alone.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: TracedSpan) => Promise<T> | T,
): Promise<T> {
  const started = startOtelSpan(name, options);
  if (!started || !openTelemetry) return work(untraced);
  const { span, traced } = started;
  const { context, trace } = openTelemetry;
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => work(traced));
    traced.end();
    return result;
  } catch (error) {
    traced.end(error);
    throw error;
  }
}

function startOtelSpan(name: string, options: SpanOptions): { span: Span; traced: TracedSpan } | undefined {
  const tracer = activeTracer();
  if (!tracer || !openTelemetry) return undefined;
  const { context, trace, propagation, SpanStatusCode } = openTelemetry;
  const parent = options.parent ? extractedContext(options.parent) : context.active();
  const attributes = typeof options.attributes === 'function' ? options.attributes() : options.attributes;
  const span = tracer.startSpan(
    name,
    {
      kind: kinds[options.kind ?? 'internal'],
      ...(attributes ? { attributes: defined(attributes) } : {}),
      ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
    },
    parent,
  );
  const traced: TracedSpan = {
    setAttributes: (attributes) => span.setAttributes(defined(attributes)),
    traceHeaders: () => {
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), headers);
      return headers;
    },
    end: (error) => {
      if (error !== undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error) });
        span.setAttribute('error.type', typeOf(error));
        if (error instanceof Error) span.recordException(error);
      }
      span.end();
    },
  };
  return { span, traced };
}

function defined(
  attributes: TelemetryAttributes,
): Record<string, string | number | boolean | string[] | number[]> {
  const kept: Record<string, string | number | boolean | string[] | number[]> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) kept[key] = value as string | number | boolean | string[] | number[];
  }
  return kept;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `error.type`: an Annals error's stable code, else the error's class name. */
function typeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
