import { Policy, ProcessApplication, type Processing } from '@annals/core';
import { MoneyReceived, MoneyReturned, MoneySent, TransferRefused } from '../domain/events.js';
import { Transfer } from './transfer.js';

/**
 * The transfers of the bank, a process application: it records each transfer a customer requests, then
 * follows the bank's events and moves each transfer on as its accounts send, receive, refuse or take back
 * the money. The bank follows its events in turn (see `bankSystem`).
 */
export class Transfers extends ProcessApplication {
  static override readonly aggregates = [Transfer];
  static override readonly policy: Policy<Transfers> = new Policy<Transfers>()
    .on(MoneySent, (transfers, event, processing) =>
      transfers.#step(event.payload.transferId, processing, (transfer) => transfer.markDebited()),
    )
    .on(MoneyReceived, (transfers, event, processing) =>
      transfers.#step(event.payload.transferId, processing, (transfer) => transfer.complete()),
    )
    .on(TransferRefused, (transfers, event, processing) =>
      transfers.#step(event.payload.transferId, processing, (transfer) =>
        transfer.refuse(event.payload.reason),
      ),
    )
    .on(MoneyReturned, (transfers, event, processing) =>
      transfers.#step(event.payload.transferId, processing, (transfer) => transfer.markCompensated()),
    );

  /** Records a request to move `amount` cents; the bank then sends it from `from`. */
  async request(from: string, to: string, amount: number): Promise<Transfer> {
    const transfer = Transfer.request(from, to, amount);
    await this.save(transfer);
    return transfer;
  }

  /** The transfer as it stands now. */
  transfer(transferId: string): Promise<Transfer> {
    return this.get(Transfer, transferId);
  }

  async #step(transferId: string, processing: Processing, step: (transfer: Transfer) => void): Promise<void> {
    const transfer = await this.transfer(transferId);
    step(transfer);
    processing.collect(transfer);
  }
}
