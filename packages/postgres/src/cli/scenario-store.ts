/** The store `invoice-run scenario FILE --store postgres` runs a scenario on: PGlite in memory. */
import type {BillingStore} from '@invoice-run/core';
import {createPglite, pgliteDatabase} from '../database.js';
import {migrate} from '../migrations.js';
import {PostgresStore} from '../postgres-store.js';

export async function scenarioStore(): Promise<{store: BillingStore; close(): Promise<void>}> {
  const lite = await createPglite('memory://');
  const db = await pgliteDatabase(lite);
  await migrate(db);
  return {store: new PostgresStore(db), close: () => lite.close()};
}
