import { ValidationError } from '@annals/core';
import type { TransferStatus } from './transfer.js';

/** A step that the transfer's status does not allow, such as completing a transfer that was rejected. */
export class TransferStepError extends ValidationError {
  override name = 'TransferStepError';
  constructor(transferId: string, status: TransferStatus, step: string) {
    super(`transfer ${transferId} is ${status}, so it cannot ${step}`);
  }
}
