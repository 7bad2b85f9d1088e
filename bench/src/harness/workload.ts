/** One line of a suite's results: the same task given to every contender. */
export interface Workload<Task> {
  /** What the line is called in the results, e.g. `append 1 event/tx, 8 writers`. */
  readonly name: string;
  /** How many events one `perform` of the task handles; the rate is this over the seconds it took. */
  readonly events: number;
  readonly task: Task;
  /** The contenders that run it, by name; a contender left out shows as — in the table. @default every one */
  readonly contenders?: readonly string[];
}
