/**
 * Storage failures on demand, for tests: a Dexie middleware that makes the writes to one table fail
 * as the browser does when the disk is full (a `DOMException` named `QuotaExceededError`).
 */
import type {DBCore, Middleware} from 'dexie';

export interface FaultPlan {
  /** The table whose writes fail. */
  table: string;
  /** Writes to let through first. */
  after: number;
}

export interface FaultSwitch {
  plan: FaultPlan | undefined;
}

export function quotaFaults(faults: FaultSwitch): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'test-quota-faults',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) => {
            const plan = faults.plan;
            if (plan !== undefined && plan.table === name && request.type !== 'deleteRange') {
              if (plan.after <= 0) {
                return Promise.reject(
                  new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
                );
              }
              plan.after--;
            }
            return table.mutate(request);
          },
        };
      },
    }),
  };
}
