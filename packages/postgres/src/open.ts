/** Opens a database, brings its schema up to date, and gives the store and engine over it. */
import {InvoiceRunEngine, type EngineOptions} from '@invoice-run/core';
import {openDatabase, type Database, type OpenOptions} from './database.js';
import {migrate} from './migrations.js';
import {PostgresStore} from './postgres-store.js';

export interface PostgresBilling {
  readonly db: Database;
  readonly store: PostgresStore;
  readonly engine: InvoiceRunEngine;
  close(): Promise<void>;
}

/** `target`: a `postgres://` URL, a PGlite directory, or `memory://`. */
export async function openPostgresStore(
  target: string,
  options: OpenOptions & EngineOptions = {},
): Promise<PostgresBilling> {
  const db = await openDatabase(target, options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const store = new PostgresStore(db);
  const engine = new InvoiceRunEngine(store, {
    ...(options.now === undefined ? {} : {now: options.now}),
    ...(options.chunkSize === undefined ? {} : {chunkSize: options.chunkSize}),
  });
  return {db, store, engine, close: () => db.close()};
}
