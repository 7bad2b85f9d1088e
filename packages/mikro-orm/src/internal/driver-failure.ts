import {
  ConfigurationError,
  OperationalError,
  RecordConflictError,
  ValidationError,
  type AnnalsError,
} from '@annals/core';

/** What a driver error says happened, which decides the Annals error a caller gets. */
export type DriverFailure =
  | 'conflict'
  | 'unavailable'
  | 'busy'
  | 'rolled-back'
  | 'cancelled'
  | 'refused-value'
  | 'missing-schema'
  | 'refused-connection'
  | 'failed';

/**
 * The Annals error for a driver error of kind `failure`: a conflict is a `RecordConflictError`, a value the
 * database refused a `ValidationError`, missing tables or refused credentials a `ConfigurationError` naming
 * the setting to change, and everything else (retryable or not) an `OperationalError`. The driver error is
 * the `cause`.
 */
export function annalsErrorOf(
  failure: DriverFailure,
  detail: { readonly endpoint: string; readonly text: string; readonly conflict?: string | undefined },
  cause: unknown,
): AnnalsError {
  const { endpoint, text } = detail;
  switch (failure) {
    case 'conflict':
      return new RecordConflictError(`a record with the same identity exists: ${detail.conflict ?? text}`, {
        cause,
      });
    case 'unavailable':
      return new OperationalError(`${endpoint} is unavailable: ${text}`, { cause });
    case 'busy':
      return new OperationalError(`${endpoint} is busy: ${text}; retry later`, { cause });
    case 'rolled-back':
      return new OperationalError(`${endpoint} rolled the transaction back: ${text}; retry it`, { cause });
    case 'cancelled':
      return new OperationalError(`${endpoint} cancelled the statement: ${text}`, { cause });
    case 'refused-value':
      return new ValidationError(`${endpoint} refused a value: ${text}`, { cause });
    case 'missing-schema':
      return new ConfigurationError(
        'migrate',
        `${endpoint} lacks what Annals stores in (${text}): migrate it (the migrate option, or annals migrate)`,
        { cause },
      );
    case 'refused-connection':
      return new ConfigurationError('url', `${endpoint} refused the connection: ${text}`, { cause });
    case 'failed':
      return new OperationalError(`${endpoint} failed: ${text}`, { cause });
  }
}
