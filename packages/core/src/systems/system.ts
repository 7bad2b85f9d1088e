import type { Application, ApplicationOptions } from '../application/index.js';
import { ValidationError } from '../errors/index.js';
import { ProcessApplication } from '../processes/index.js';

/** An application class a system can construct. */
export type ApplicationClass<A extends Application = Application> = (new (
  options?: ApplicationOptions,
) => A) & {
  /** The class's name, which names the application. */
  readonly name: string;
};

/** One "downstream follows upstream" link of a system. */
export interface SystemEdge {
  /** The application followed. */
  readonly upstream: ApplicationClass;
  /** The process application that follows it. */
  readonly downstream: ApplicationClass<ProcessApplication>;
}

/**
 * Which applications make up a system and who follows whom, as pipes: `[A, B, C]` says B follows A and C
 * follows B. Pipes can fan out (`[A, B], [A, C]`), fan in (`[A, C], [B, C]`) and close cycles
 * (`[Transfers, Bank, Transfers]`). Every application that follows another is a process application.
 * Runners decide where each one runs.
 *
 * @example
 * ```ts
 * const system = new System([[Transfers, Bank, Transfers]]);
 * ```
 */
export class System {
  /** Every application, each once, in the order the pipes name them. */
  readonly applications: readonly ApplicationClass[];
  /** Every "downstream follows upstream" link, each once. */
  readonly edges: readonly SystemEdge[];

  constructor(pipes: readonly (readonly ApplicationClass[])[]) {
    const applications = new Set<ApplicationClass>();
    const edges: SystemEdge[] = [];
    const names = new Map<string, ApplicationClass>();
    for (const pipe of pipes) {
      if (pipe.length === 0) throw new ValidationError('a system pipe names no application');
      pipe.forEach((application, index) => {
        const named = names.get(application.name);
        if (named && named !== application) {
          throw new ValidationError(`two applications of a system are named ${application.name}`);
        }
        names.set(application.name, application);
        applications.add(application);
        const upstream = pipe[index - 1];
        if (!upstream) return;
        if (!(application.prototype instanceof ProcessApplication)) {
          throw new ValidationError(
            `${application.name} follows ${upstream.name}, so it must extend ProcessApplication`,
          );
        }
        const downstream = application as ApplicationClass<ProcessApplication>;
        if (!edges.some((edge) => edge.upstream === upstream && edge.downstream === downstream)) {
          edges.push({ upstream, downstream });
        }
      });
    }
    this.applications = [...applications];
    this.edges = edges;
  }

  /** The applications `downstream` follows. */
  upstreamsOf(downstream: ApplicationClass): readonly ApplicationClass[] {
    return this.edges.filter((edge) => edge.downstream === downstream).map((edge) => edge.upstream);
  }
}
