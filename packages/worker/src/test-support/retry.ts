/** Calls `task` until it stops failing with DATABASE_BLOCKED (or `timeout` ms pass). */
export async function retry<T>(task: () => Promise<T>, timeout = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await task();
    } catch (error) {
      const blocked = (error as {code?: unknown}).code === 'DATABASE_BLOCKED';
      if (!blocked || Date.now() - started > timeout) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
