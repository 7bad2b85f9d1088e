import type { Tracer } from '@opentelemetry/api';
import { openTelemetry, scope } from './open-telemetry.js';

const noTracing = openTelemetry && new openTelemetry.ProxyTracerProvider().getDelegate();

/**
 * The tracer of Annals, or undefined while no SDK is registered, so that spans cost nothing then. Asked for
 * each time: an SDK may be registered, or disabled, at any moment.
 */
export function activeTracer(): Tracer | undefined {
  if (!openTelemetry) return undefined;
  const provider = openTelemetry.trace.getTracerProvider();
  const delegate = provider instanceof openTelemetry.ProxyTracerProvider ? provider.getDelegate() : provider;
  return delegate === noTracing ? undefined : provider.getTracer(scope);
}
