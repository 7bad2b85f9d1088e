import { AnnalsError, isAnnalsError, type AnnalsErrorOptions } from '@annals/core';

/** The stable codes of messaging errors. */
export const MessagingErrorCode = {
  /** See {@link TopologyMissingError}. */
  topologyMissing: 'ANNALS_TOPOLOGY_MISSING',
  /** See {@link HandlerMissingError}. */
  handlerMissing: 'ANNALS_HANDLER_MISSING',
} as const;

/**
 * Exchanges or queues a relay or consumer needs do not exist on the broker. `missing` names each one, e.g.
 * `exchange "bank.events"`; declare them with the `setup` option or `annals setup`.
 */
export class TopologyMissingError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'TopologyMissingError';
  constructor(
    /** Each missing exchange or queue, e.g. `exchange "bank.events"`. */
    readonly missing: readonly string[],
    options?: AnnalsErrorOptions,
  ) {
    super(
      MessagingErrorCode.topologyMissing,
      `missing on the broker: ${missing.join(', ')}; declare them with the setup option or \`annals setup\``,
      options,
    );
  }
}

/** A message arrived that no subscription matches and the consumer has no default handler for. */
export class HandlerMissingError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'HandlerMissingError';
  constructor(
    /** The topic of the message nothing handles. */
    readonly topic: string,
    consumer: string,
  ) {
    super(
      MessagingErrorCode.handlerMissing,
      `consumer ${consumer} has no subscription matching "${topic}" and no default handler`,
    );
  }
}

/** True for a {@link TopologyMissingError}, from whichever copy of the package. */
export function isTopologyMissingError(error: unknown): error is TopologyMissingError {
  return isAnnalsError(error) && error.code === MessagingErrorCode.topologyMissing;
}

/** True for a {@link HandlerMissingError}, from whichever copy of the package. */
export function isHandlerMissingError(error: unknown): error is HandlerMissingError {
  return isAnnalsError(error) && error.code === MessagingErrorCode.handlerMissing;
}
