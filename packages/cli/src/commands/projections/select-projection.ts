import { ProjectionNotFoundError, type ProjectionRunner } from '@annals/core';

/**
 * The runner of the projection named, its projection registered in its store: a projection registers when
 * its runner first starts, and a module may declare one that has not run yet.
 * @throws ProjectionNotFoundError when the module declares no projection of that name
 */
export async function selectProjection(
  runners: readonly ProjectionRunner<unknown>[],
  name: string,
): Promise<ProjectionRunner<unknown>> {
  const runner = runners.find((candidate) => candidate.projection.name === name);
  if (!runner) throw new ProjectionNotFoundError(name);
  await runner.store.registerProjection(name);
  return runner;
}

/** The runner of the projection named, or all of them when `name` is undefined; see {@link selectProjection}. */
export async function selectProjections(
  runners: readonly ProjectionRunner<unknown>[],
  name: string | undefined,
): Promise<readonly ProjectionRunner<unknown>[]> {
  const names = name === undefined ? runners.map((runner) => runner.projection.name) : [name];
  const selected: ProjectionRunner<unknown>[] = [];
  for (const each of names) selected.push(await selectProjection(runners, each));
  return selected;
}
