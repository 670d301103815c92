/**
 * Web Locks, with an in-process stand-in where the platform has none (Node 20). Locks serialise
 * billing across tabs and workers of one origin (`invoice-run:<database>`), and each run holds its
 * own lock while it bills (`invoice-run:<database>:run:<id>`), so a run that storage shows running
 * while nobody holds its lock is known to be interrupted. One scheduler check at a time leads
 * (`invoice-run:<database>:scheduler`, taken only if available). A lock dies with its context: a
 * crashed or terminated worker releases everything it held.
 */
export interface Locks {
  /** Runs `task` while holding the exclusive lock `name`; waits for it, or rejects on `signal`. */
  request<T>(name: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T>;
  /**
   * Runs `task` holding the lock `name` if nobody holds or awaits it now; otherwise does not run it
   * and resolves `{acquired: false}` at once.
   */
  requestIfAvailable<T>(
    name: string,
    task: () => Promise<T>,
  ): Promise<{acquired: true; value: T} | {acquired: false}>;
  /** Takes the lock `name` and returns the function that releases it. */
  hold(name: string): Promise<() => void>;
  /** The names of the locks held right now, by any context of the origin. */
  held(): Promise<Set<string>>;
}

export function databaseLockName(database: string): string {
  return `invoice-run:${database}`;
}

export function runLockName(database: string, runId: string): string {
  return `invoice-run:${database}:run:${runId}`;
}

export function schedulerLockName(database: string): string {
  return `invoice-run:${database}:scheduler`;
}

function holdWith(locks: Pick<Locks, 'request'>, name: string): Promise<() => void> {
  return new Promise((acquired, failed) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    locks
      .request(name, undefined, async () => {
        acquired(release);
        await released;
      })
      .catch(failed);
  });
}

class WebLocks implements Locks {
  constructor(private readonly manager: LockManager) {}

  request<T>(name: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    return this.manager.request(name, signal === undefined ? {} : {signal}, task) as Promise<T>;
  }

  requestIfAvailable<T>(
    name: string,
    task: () => Promise<T>,
  ): Promise<{acquired: true; value: T} | {acquired: false}> {
    return this.manager.request(name, {ifAvailable: true}, async (lock) =>
      lock === null ? {acquired: false as const} : {acquired: true as const, value: await task()},
    );
  }

  hold(name: string): Promise<() => void> {
    return holdWith(this, name);
  }

  async held(): Promise<Set<string>> {
    const snapshot = await this.manager.query();
    return new Set(
      (snapshot.held ?? []).flatMap((lock) => (lock.name === undefined ? [] : [lock.name])),
    );
  }
}

/** Exclusive locks within one JavaScript context, queued in request order. */
class ProcessLocks implements Locks {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly names = new Map<string, number>();

  async request<T>(
    name: string,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
  ): Promise<T> {
    signal?.throwIfAborted();
    const previous = this.queues.get(name) ?? Promise.resolve();
    let done!: () => void;
    const current = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => current);
    this.queues.set(name, tail);
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
        signal?.addEventListener('abort', onAbort, {once: true});
        void previous.then(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    } catch (error) {
      void previous.then(done);
      throw error;
    }
    this.names.set(name, (this.names.get(name) ?? 0) + 1);
    try {
      return await task();
    } finally {
      const count = (this.names.get(name) ?? 1) - 1;
      if (count === 0) this.names.delete(name);
      else this.names.set(name, count);
      if (this.queues.get(name) === tail) this.queues.delete(name);
      done();
    }
  }

  async requestIfAvailable<T>(
    name: string,
    task: () => Promise<T>,
  ): Promise<{acquired: true; value: T} | {acquired: false}> {
    // Held or awaited: the queue exists from the request until its last holder is done.
    if (this.queues.has(name)) return {acquired: false};
    return {acquired: true, value: await this.request(name, undefined, task)};
  }

  hold(name: string): Promise<() => void> {
    return holdWith(this, name);
  }

  async held(): Promise<Set<string>> {
    return new Set(this.names.keys());
  }
}

const processLocks = new ProcessLocks();

/** The platform's Web Locks when there are any, else locks shared by this context. */
export function defaultLocks(): Locks {
  const manager = (globalThis.navigator as Navigator | undefined)?.locks;
  return manager === undefined ? processLocks : new WebLocks(manager);
}
