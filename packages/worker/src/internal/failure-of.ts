/** Runs `step`, sync or async, and returns what it threw, wrapped, or `undefined` when it succeeded. */
export async function failureOf(step: () => unknown): Promise<{ readonly error: unknown } | undefined> {
  try {
    await step();
    return undefined;
  } catch (error) {
    return { error };
  }
}
