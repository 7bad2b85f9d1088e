import { describeTlsFailure, isAnnalsError, OperationalError } from '@annals/core';
import { redactUrl } from './broker-url.js';

/**
 * Turns an amqplib or socket error into an `OperationalError` naming the broker, so callers never match
 * amqplib messages; a refused TLS connection says why. Annals errors pass through.
 */
export function convertBrokerError(error: unknown, url: string, doing: string): unknown {
  if (isAnnalsError(error)) return error;
  const tls = describeTlsFailure(error);
  if (tls) {
    return new OperationalError(
      `RabbitMQ at ${redactUrl(url)} failed while ${doing}: ${tls}; check the CA given (the tls option or AMQP_CA_FILE) and the host name of the URL`,
      { cause: error },
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return new OperationalError(`RabbitMQ at ${redactUrl(url)} failed while ${doing}: ${text}`, {
    cause: error,
  });
}
