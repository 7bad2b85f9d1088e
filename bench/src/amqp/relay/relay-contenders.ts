/**
 * The contenders of the relay throughput: Annals with the OpenTelemetry API installed and no SDK registered,
 * Annals without the API, Annals with the SDK registered, and raw amqplib.
 */
export const RELAY_CONTENDERS = ['annals', 'annals_no_api', 'annals_traced', 'raw'] as const;

export type RelayContenderName = (typeof RELAY_CONTENDERS)[number];
