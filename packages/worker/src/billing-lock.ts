/**
 * Billing takes turns across tabs and workers: runs, firings, restores, finalizing, deleting,
 * edits and imports hold the database's Web Lock, so nothing is billed twice. Each run also holds
 * its own lock while it bills (taken when the store marks it running, let go with the database
 * lock): a run that storage shows running while nobody holds its lock is interrupted.
 */
import {InvoiceRunError, type RunRecord} from '@invoice-run/core';
import {databaseLockName, runLockName, type Locks} from './locks.js';

export class BillingLock {
  /** The run locks taken during the current exclusive section, with their releases. */
  private readonly runLocks = new Map<string, () => void>();
  private readonly lockName: string;

  constructor(
    private readonly locks: Locks,
    private readonly database: string,
  ) {
    this.lockName = databaseLockName(database);
  }

  /** The store's hook: a run about to bill takes its own lock (until the section ends). */
  async onRunStarting(run: RunRecord): Promise<void> {
    const name = runLockName(this.database, run.id);
    if (this.runLocks.has(name)) return;
    this.runLocks.set(name, await this.locks.hold(name));
  }

  /** Whether this service holds the lock `name` of one of its runs right now. */
  holdsRun(name: string): boolean {
    return this.runLocks.has(name);
  }

  /**
   * Runs `task` holding the database's lock (waiting for it; `signal` aborts the wait). When
   * another tab or worker holds it, `onWaiting` is called before the wait.
   */
  async exclusive<T>(
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
    onWaiting?: () => void,
  ): Promise<T> {
    const holding = async () => {
      try {
        return await task();
      } finally {
        for (const release of this.runLocks.values()) release();
        this.runLocks.clear();
      }
    };
    try {
      if (onWaiting !== undefined && signal?.aborted !== true) {
        const attempt = await this.locks.requestIfAvailable(this.lockName, holding);
        if (attempt.acquired) return attempt.value;
        onWaiting();
      }
      return await this.locks.request(this.lockName, signal, holding);
    } catch (error) {
      if (signal?.aborted && (error as {name?: unknown})?.name === 'AbortError') {
        throw new InvoiceRunError(
          'CANCELLED',
          'Cancelled while waiting for another run to finish.',
        );
      }
      throw error;
    }
  }
}
