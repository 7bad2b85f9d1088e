import { ValidationError, type ProjectionRunner, type ProjectionStatus } from '@annals/core';
import type { BuiltinCommand } from '../command.js';
import { rebuildProjection } from './rebuild-projection.js';
import { selectProjection, selectProjections } from './select-projection.js';
import { lagText, stateText, statusText } from './status-text.js';

const usage = 'projections list | status [name] | rebuild <name> | pause <name> | resume <name>';

export const projectionsCommand: BuiltinCommand = {
  name: 'projections',
  usage,
  summary: 'lag, generation and state of the projections; rebuild one blue-green, pause or resume it',
  configure: (command) =>
    command
      .argument('[action]', 'list, status, rebuild, pause or resume')
      .argument('[name]', 'the projection; status without it shows every one')
      .allowExcessArguments(),
  run: async (context) => {
    const { positionals, output } = context;
    const [action, name, ...extra] = positionals;
    const named = (): string => {
      if (name === undefined || extra.length > 0) throw new ValidationError(`usage: annals ${usage}`);
      return name;
    };
    const runners = await context.projections();
    switch (action) {
      case 'list': {
        if (name !== undefined) throw new ValidationError(`usage: annals ${usage}`);
        const statuses = await statusesOf(await selectProjections(runners, undefined));
        const listed = statuses.map(({ partitions: _partitions, ...summary }) => summary);
        const text =
          statuses.length === 0
            ? 'the application module declares no projections (export a "projections" factory)'
            : statuses.map(listLine).join('\n');
        output.result(listed, text);
        return;
      }
      case 'status': {
        if (extra.length > 0) throw new ValidationError(`usage: annals ${usage}`);
        const statuses = await statusesOf(await selectProjections(runners, name));
        output.result(name === undefined ? statuses : statuses[0], statuses.map(statusText).join('\n'));
        return;
      }
      case 'rebuild': {
        const result = await rebuildProjection(await selectProjection(runners, named()), output);
        output.result(
          result,
          `rebuilt ${result.name}: generation ${result.generation} serves now; ` +
            `generation ${result.replaced} was torn down`,
        );
        return;
      }
      case 'pause': {
        const runner = await selectProjection(runners, named());
        await runner.pause();
        output.result(
          { name: runner.projection.name, paused: true },
          `paused ${runner.projection.name}: no process projects it until ` +
            `annals projections resume ${runner.projection.name}`,
        );
        return;
      }
      case 'resume': {
        const runner = await selectProjection(runners, named());
        await runner.resume();
        output.result(
          { name: runner.projection.name, paused: false },
          `resumed ${runner.projection.name}: the processes that run it catch up`,
        );
        return;
      }
      default:
        throw new ValidationError(`usage: annals ${usage}`);
    }
  },
};

function statusesOf(runners: readonly ProjectionRunner<unknown>[]): Promise<ProjectionStatus[]> {
  return Promise.all(runners.map((runner) => runner.status()));
}

function listLine(status: ProjectionStatus): string {
  return `${status.name} (follows ${status.upstream}): generation ${status.generation}, ${stateText(status)}; ${lagText(status)}`;
}
