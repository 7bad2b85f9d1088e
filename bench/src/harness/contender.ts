/**
 * One implementation under measurement, living in a process of its own so that no library's global state
 * (a driver's type parsers, a JIT profile, a heap) leaks into another's figures.
 */
export interface Contender<Task> {
  /** Untimed work a task needs done first, such as seeding the aggregate a load reads. */
  prepare(task: Task): Promise<void>;
  /**
   * Untimed work before every measurement, such as emptying the read model a catch-up fills. @default nothing
   */
  reset?(task: Task): Promise<void>;
  /** The measured work. */
  perform(task: Task): Promise<void>;
  close(): Promise<void>;
}
