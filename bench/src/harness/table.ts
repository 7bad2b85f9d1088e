import type { Report } from './report.js';
import type { Summary } from './summary.js';

/**
 * The report as a text table: medians with their min–max, then the ratios; a column for every contender and
 * ratio of any line, in the order they first appear.
 */
export function formatTable(report: Report): string {
  const first = report.results[0];
  if (!first) return '(no results)';
  const keys = [...new Set(report.results.flatMap((result) => Object.keys(result)))];
  const contenders = keys.filter((key) => report.results.some((result) => isSummary(result[key])));
  const ratios = keys.filter((key) => key.includes('_vs_'));
  const header = [
    `workload (${first.unit})`,
    ...contenders.map((name) => `${name} median (min–max)`),
    ...ratios,
  ];
  const rows = report.results.map((result) => [
    result.workload,
    ...contenders.map((name) => {
      const summary = result[name];
      return isSummary(summary) ? `${summary.median} (${summary.min}–${summary.max})` : '—';
    }),
    ...ratios.map((ratio) => {
      const value = result[ratio];
      return typeof value === 'number' ? value.toFixed(2) : '—';
    }),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function isSummary(value: unknown): value is Summary {
  return typeof value === 'object' && value !== null && 'median' in value;
}
