export {
  CompensationRequested,
  TransferCompensated,
  TransferCompleted,
  TransferDebited,
  TransferRejected,
  TransferRequested,
} from './events.js';
export { TransferStepError } from './errors.js';
export { finalTransferStatuses, Transfer, type TransferStatus } from './transfer.js';
export { Transfers } from './transfers.js';
