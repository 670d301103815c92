/**
 * The same API without a worker, for Node tests (with `fake-indexeddb`) and hosts that already run
 * inside a worker. It loads the database code; the page entry (`index.ts`) does not.
 */
import type {InvoiceRunClient} from './api.js';
import {connectClient} from './client.js';
import {InvoiceRunService, type ServiceOptions} from './service.js';

export {InvoiceRunService} from './service.js';
export type {ServiceOptions} from './service.js';
export {DexieStore} from './dexie-store.js';
export {
  InvoiceRunDb,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V6,
  SCHEMA_V7,
  SCHEMA_VERSION,
} from './db.js';
export {parseRecordsCsv, invoicesToCsv, linesToCsv, neutralizeCell} from '@invoice-run/core/csv.js';

/** The API object of one database, in this context. */
export function createInProcessApi(options: ServiceOptions): InvoiceRunService {
  return new InvoiceRunService(options);
}

/** A client like `createInvoiceRunClient`'s, over the in-process API. */
export function createInProcessClient(options: ServiceOptions): InvoiceRunClient {
  const service = new InvoiceRunService(options);
  return connectClient(Promise.resolve(service), () => service.close());
}
