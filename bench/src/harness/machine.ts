import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** Where a suite ran; suites add the versions of the services they measured. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly date: string;
  readonly [service: string]: string | number;
}

export function describeMachine(services: Readonly<Record<string, string>>): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    ...services,
    date: new Date().toISOString(),
  };
}

/** The 1-minute load average, rounded, for a suite's notes: what else the machine ran shows in the spread. */
export function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}
