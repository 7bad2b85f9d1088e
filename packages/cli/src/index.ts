export { defineCli, type AnnalsCliModule, type CommandContext, type CustomCommand } from './cli-module.js';
export { ExitCode, main, type MainOptions } from './main.js';
export { Output } from './output/output.js';
export type { Progress } from './output/progress.js';
export type { ProgressBar } from './output/progress-bar.js';
