import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { Logger, SettingSpec } from '@annals/core';
import type { ConsumerOptions } from '../consumer/index.js';
import type { OutboxRelayOptions } from '../relay/index.js';

/** Options of {@link Messaging}. Unset ones are read from the environment, with the application's prefix. */
export interface MessagingOptions {
  /** The broker (env `AMQP_URL`); `amqps://` for TLS. @default 'amqp://guest:guest@127.0.0.1:5672' */
  readonly url?: string | undefined;
  /**
   * Options of Node's `tls.connect` for an `amqps://` broker, e.g. `{ ca: readFileSync('broker-ca.pem') }`
   * (env `AMQP_CA_FILE`: a PEM file of the CA that signed the broker's certificate). The certificate must
   * name the URL's host. @default Node's trusted CAs
   */
  readonly tls?: ConnectionOptions | undefined;
  /** The topic exchange events are published to and consumed from (env `AMQP_EXCHANGE`). @default 'annals.events' */
  readonly exchange?: string | undefined;
  /** Topic patterns of the events this application publishes, e.g. `['BankAccount.*']`. @default [] (publishes nothing) */
  readonly publishes?: readonly string[] | undefined;
  /** Qualifies routing keys with this word: `BankAccount.Opened.bank` (env `AMQP_SERVICE`). @default undefined */
  readonly service?: string | undefined;
  /** Declare exchanges, queues and bindings at start instead of checking them. @default false */
  readonly setup?: boolean | undefined;
  /**
   * Tuning of the relay. Its `topology` adds to the exchange of `publishes` what the messages of
   * `app.enqueue(…)` need, e.g. their exchanges. @default {}
   */
  readonly relay?:
    Partial<Omit<OutboxRelayOptions, 'strategy' | 'url' | 'tls' | 'logger' | 'setup'>> | undefined;
  /** @default the application's logger */
  readonly logger?: Logger | undefined;
}

/** Options of {@link Messaging.consumer}: those of a `Consumer`, with the messaging's defaults. */
export type MessagingConsumerOptions = Partial<Omit<ConsumerOptions, 'name'>>;

export const amqpUrlSetting: SettingSpec<string> = {
  name: 'amqpUrl',
  parse: (text) => {
    if (!/^amqps?:$/.test(new URL(text).protocol)) throw new Error('expected an amqp:// or amqps:// URL');
    return text;
  },
  secret: true,
};

/** `AMQP_CA_FILE`: the CA's PEM file, read at start-up. */
export const amqpCaFileSetting: SettingSpec<ConnectionOptions> = {
  name: 'amqpCaFile',
  parse: (path) => ({ ca: readFileSync(path, 'utf8') }),
};

export const amqpExchangeSetting: SettingSpec<string> = { name: 'amqpExchange', parse: (text) => text };

export const amqpServiceSetting: SettingSpec<string> = { name: 'amqpService', parse: (text) => text };
