import { AnnalsError, isAnnalsError } from '@annals/core';
import type { RemoteErrorInfo } from '../errors/index.js';

/** Describes a thrown value in plain data that any channel can carry. */
export function describeError(error: unknown): RemoteErrorInfo {
  if (!(error instanceof Error) && !isAnnalsError(error)) {
    return { name: 'Error', message: String(error), annals: false };
  }
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    annals: isAnnalsError(error),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}

/** Rebuilds an error from its description; an Annals error comes back as one, so the shape guards work. */
export function reviveError(remote: RemoteErrorInfo): Error {
  const revived =
    remote.annals && remote.code !== undefined
      ? new AnnalsError(remote.code, remote.message)
      : Object.assign(new Error(remote.message), remote.code === undefined ? {} : { code: remote.code });
  revived.name = remote.name;
  if (remote.stack !== undefined) revived.stack = remote.stack;
  return revived;
}
