import type { ExecutionContext } from 'ava';
import type { ActiveRecordStrategy, Capability } from '@annals/core';

/** What a contract case runs against. */
export interface ContractContext {
  readonly strategy: ActiveRecordStrategy;
  readonly writers: number;
}

/** One behaviour every strategy must show. */
export interface ContractCase {
  readonly title: string;
  /** Capabilities without which the case does not apply. */
  readonly needs?: readonly Capability[];
  /** Runs alone, before the concurrent cases, when it would disturb them (e.g. claims every outbox row). */
  readonly serial?: boolean;
  readonly run: (t: ExecutionContext, context: ContractContext) => Promise<void>;
}
