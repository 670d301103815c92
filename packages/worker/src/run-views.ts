/**
 * Runs as the page shows them: `interrupted` when storage says a run bills but nobody holds its
 * lock. A run whose lock another context holds is watched: when that context lets go (its run
 * ended, or its tab closed), `onRelease` is called, so live observations are delivered again and
 * the page sees the run interrupted without a write to the database.
 */
import type {RunRecord} from '@invoice-run/core';
import type {Page, RunView} from './api.js';
import type {BillingLock} from './billing-lock.js';
import {runLockName, type Locks} from './locks.js';

export function isActive(run: RunRecord): boolean {
  return run.status === 'running' || run.status === 'pending';
}

export class RunViews {
  /** Run locks held elsewhere whose release is watched. */
  private readonly releaseWatches = new Set<string>();

  constructor(
    private readonly locks: Locks,
    private readonly database: string,
    private readonly billing: BillingLock,
    private readonly onRelease: () => void,
    /** Aborted on close: ends the waits for other contexts' run locks. */
    private readonly closing: AbortSignal,
  ) {}

  view(run: RunRecord, held: ReadonlySet<string>): RunView {
    const name = runLockName(this.database, run.id);
    const active = isActive(run);
    if (active && held.has(name)) this.watchRelease(name);
    return {...run, interrupted: active && !held.has(name)};
  }

  async viewNow(run: RunRecord): Promise<RunView> {
    return this.view(run, await this.locks.held());
  }

  async pageOf(page: Page<RunRecord>): Promise<Page<RunView>> {
    const held = await this.locks.held();
    return {...page, items: page.items.map((run) => this.view(run, held))};
  }

  private watchRelease(name: string): void {
    if (this.releaseWatches.has(name) || this.billing.holdsRun(name)) return;
    this.releaseWatches.add(name);
    // Granted once the holder lets go; released at once (nothing is done holding it).
    this.locks
      .request(name, this.closing, async () => undefined)
      .then(
        () => {
          this.releaseWatches.delete(name);
          this.onRelease();
        },
        () => {
          this.releaseWatches.delete(name);
        },
      );
  }
}
