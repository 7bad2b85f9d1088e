import type { ContenderProcess } from './contender-process.js';
import type { Workload } from './workload.js';

/** Options of {@link measureWorkload}. */
export interface RoundsOptions {
  /** How many measured rounds; each contender performs the task once per round. */
  readonly rounds: number;
  /** Told after every measurement, for progress output. @default nothing */
  readonly onSample?: (contender: string, round: number, rate: number) => void;
}

/**
 * Measures one workload: every contender that runs it prepares and performs the task once unmeasured
 * (warm-up), then the rounds run, every one of them once per round, the order rotating from round to round
 * so that no one always goes first or follows the same neighbour.
 * @returns each contender's rates (events per second), by contender name, in round order
 */
export async function measureWorkload<Task>(
  workload: Workload<Task>,
  contenders: readonly ContenderProcess<Task>[],
  options: RoundsOptions,
): Promise<Map<string, number[]>> {
  const taking = workload.contenders;
  const running = taking ? contenders.filter((contender) => taking.includes(contender.name)) : contenders;
  const rates = new Map(running.map((contender) => [contender.name, [] as number[]]));
  for (const contender of running) {
    await contender.prepare(workload.task);
    await contender.perform(workload.task);
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const contender of rotate(running, round)) {
      const rate = workload.events / (await contender.perform(workload.task));
      rates.get(contender.name)?.push(rate);
      options.onSample?.(contender.name, round, rate);
    }
  }
  return rates;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
