/**
 * Runs whose process stopped before it ended them. A run billed in one pass is stored as
 * `running` while its process holds the run's lock (`runLockKey`, taken by the store): stored as
 * running with nobody holding that lock, it was interrupted (killed, its machine gone). Its
 * invoices stored so far stay; `restore RUN --all` bills the rest and ends it, like View
 * Remaining of an interrupted run in the browser. (A run in parts is told apart by its plan:
 * `follow` ends those.)
 */
import type {PostgresBilling} from './open.js';
import {runLockKey} from './postgres-store.js';

/** The ids of the runs stored as running, in one pass, whose process is gone. */
export async function interruptedRuns(billing: PostgresBilling): Promise<Set<string>> {
  const {rows} = await billing.db.query<{id: string}>(
    `select r.id from runs r
      where r.record->>'status' = 'running'
        and not exists (select 1 from run_plans p where p.run_id = r.id)`,
  );
  const interrupted = new Set<string>();
  for (const {id} of rows) {
    if (!(await billing.db.lockHeld(runLockKey(billing.db, id)))) interrupted.add(id);
  }
  return interrupted;
}
