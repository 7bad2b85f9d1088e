import type { Consumer, Messaging } from '@annals/amqp';
import type { Command } from 'commander';
import { ConfigurationError, ValidationError, type Application, type ProjectionRunner } from '@annals/core';
import type { Output } from '../output/output.js';

/** The flags the built-in commands read. */
export interface Flags {
  readonly waitForRetries: boolean;
  readonly limit: number | undefined;
  readonly ids: readonly string[];
}

/** What a built-in command runs with. */
export interface BuiltinContext {
  readonly app: Application;
  readonly messaging: Messaging | undefined;
  /** The runners of the projections the module declares, built on first call. */
  readonly projections: () => Promise<readonly ProjectionRunner<unknown>[]>;
  readonly positionals: readonly string[];
  readonly flags: Flags;
  readonly output: Output;
}

/** A command of the `annals` binary. */
export interface BuiltinCommand {
  readonly name: string;
  /** How `annals help` lists it. */
  readonly usage: string;
  readonly summary: string;
  /** Declares the command's arguments and options, which its own `--help` shows. @default none */
  readonly configure?: (command: Command) => void;
  readonly run: (context: BuiltinContext) => Promise<void>;
}

/** The messaging, or a configuration error saying the module defines none. */
export function requireMessaging(context: BuiltinContext): Messaging {
  if (!context.messaging) {
    throw new ConfigurationError(
      'messaging',
      'the application module defines no messaging (export a "messaging" factory)',
    );
  }
  return context.messaging;
}

/** The consumers a command acts on: the one named, or all. */
export function selectConsumers(messaging: Messaging, name: string | undefined): Consumer[] {
  const consumers = messaging.consumers;
  if (name === undefined) return consumers;
  const found = consumers.find((consumer) => consumer.name === name);
  if (!found) {
    const known = consumers.map((consumer) => consumer.name).join(', ') || 'none';
    throw new ValidationError(`no consumer named "${name}"; the application has: ${known}`);
  }
  return [found];
}
