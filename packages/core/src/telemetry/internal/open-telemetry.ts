import type * as OpenTelemetry from '@opentelemetry/api';

/**
 * The OpenTelemetry API when the application has it installed (an optional peer dependency); without it,
 * Annals records nothing and pays nothing.
 */
export const openTelemetry: typeof OpenTelemetry | undefined = await import('@opentelemetry/api').catch(
  () => undefined,
);

/** The instrumentation scope of every span and instrument of Annals. */
export const scope = '@annals/core';
