import type { Report } from './suite-process.js';

/** The saves the writers reported as resolved: what must be in the log whatever happened after. */
export class Acknowledgements {
  /** The ids of every event of an acknowledged save. */
  readonly events = new Set<string>();
  readonly #saves = new Map<string, number>();

  /** A listener for the reports of the writer `name`. */
  listener(name: string): (report: Report) => void {
    this.#saves.set(name, 0);
    return (report) => {
      const saved = report['saved'];
      if (!Array.isArray(saved)) return;
      for (const id of saved) this.events.add(String(id));
      this.#saves.set(name, (this.#saves.get(name) ?? 0) + 1);
    };
  }

  /** Acknowledged saves, by writer. */
  get saves(): ReadonlyMap<string, number> {
    return this.#saves;
  }

  get total(): number {
    return [...this.#saves.values()].reduce((sum, saves) => sum + saves, 0);
  }
}
