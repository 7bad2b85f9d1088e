import { ContenderProcess } from './contender-process.js';

/**
 * Starts one contender process per name, `entry <name> ...args`. Should one fail to open, the others are
 * closed again, so that no child keeps the benchmark process alive.
 * @param execArgv Node options for the processes of some contenders, by name
 */
export async function startContenders<Task>(
  entry: URL,
  names: readonly string[],
  args: readonly string[],
  execArgv: Readonly<Record<string, readonly string[]>> = {},
): Promise<ContenderProcess<Task>[]> {
  const started = await Promise.allSettled(
    names.map((name) => ContenderProcess.start<Task>(name, entry, [name, ...args], execArgv[name])),
  );
  const contenders = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await Promise.allSettled(contenders.map((contender) => contender.close()));
    throw failure.reason;
  }
  return contenders;
}
