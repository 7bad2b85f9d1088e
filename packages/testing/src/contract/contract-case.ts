import type { ExecutionContext } from 'ava';
import type { ActiveRecordStrategy, Capability } from '@annals/core';
import type { Requirement } from './requirements.js';

/** What a contract case runs against. */
export interface ContractContext<S extends ActiveRecordStrategy = ActiveRecordStrategy> {
  /** A fresh strategy, of the backend the suite runs against. */
  readonly strategy: S;
  /** How many writers race on one aggregate. */
  readonly writers: number;
}

/** One behaviour every strategy with the capabilities the case needs must show. */
export interface ContractCase {
  /** The case's title, as ava shows it. */
  readonly title: string;
  /** Capabilities without which the case does not apply. */
  readonly needs: readonly Capability[];
  /** Runs alone, before the concurrent cases, when it would disturb them (e.g. claims every outbox row). */
  readonly serial: boolean;
  /** Promise<void>; => Runs the case's assertions. */
  readonly run: (t: ExecutionContext, context: ContractContext) => Promise<void>;
}

/** A case as written: its `run` gets the strategy narrowed to what it needs. */
export interface CaseDefinition<S extends ActiveRecordStrategy> {
  /** The case's title, as ava shows it. */
  readonly title: string;
  /** @default false */
  readonly serial?: boolean;
  /** Promise<void>; => Runs the case's assertions. */
  readonly run: (t: ExecutionContext, context: ContractContext<S>) => Promise<void>;
}

/** The cases `definitions`, each run on the strategy narrowed by `requirement`'s guard. */
export function casesNeeding<S extends ActiveRecordStrategy>(
  requirement: Requirement<S>,
  definitions: readonly CaseDefinition<S>[],
): ContractCase[] {
  return definitions.map((definition) => ({
    title: definition.title,
    needs: requirement.capabilities,
    serial: definition.serial ?? false,
    run: async (t, context) => {
      const { strategy } = context;
      if (!requirement.guard(strategy)) {
        throw new Error(`the ${strategy.name} strategy lacks ${requirement.capabilities.join(', ')}`);
      }
      await definition.run(t, { writers: context.writers, strategy });
    },
  }));
}
