/**
 * The import's ceiling (issue 15): a raw Dexie `bulkPut` of the same records, as the import stores
 * them, into the same tables with the same indexes (the worker's own `InvoiceRunDb`), in the same
 * batches, one transaction per batch and kind, with no validation and no reads. Runs in a
 * dedicated worker like the billing worker; only the writes are timed.
 */
import {validateDataSet, type DataSetInput} from '@invoice-run/core';
import {InvoiceRunDb} from '@invoice-run/worker/in-process.js';

interface Request {
  readonly database: string;
  readonly data: DataSetInput;
  readonly kinds: readonly (keyof DataSetInput)[];
  readonly batch: number;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const {database, data, kinds, batch} = event.data;
  try {
    const db = new InvoiceRunDb(database);
    await db.open();
    const byKindMs: Record<string, number> = {};
    let stored = 0;
    let ms = 0;
    for (const kind of kinds) {
      const list = data[kind] ?? [];
      let kindMs = 0;
      for (let offset = 0; offset < list.length; offset += batch) {
        // Rows as the import stores them (defaults applied, decimals normalized; generic records
        // with their link marker), made before the clock starts.
        const {valid} = validateDataSet({[kind]: list.slice(offset, offset + batch)});
        const rows: object[] =
          kind === 'records'
            ? valid.records.map((record) => ({...record, billed: 0, invoiceId: null}))
            : valid[kind];
        const table = db.table(kind);
        const started = performance.now();
        await db.transaction('rw', table, () => table.bulkPut(rows));
        kindMs += performance.now() - started;
        stored += rows.length;
      }
      byKindMs[kind] = kindMs;
      ms += kindMs;
    }
    db.close();
    await InvoiceRunDb.delete(database);
    self.postMessage({ok: true, ms, stored, byKindMs});
  } catch (error) {
    self.postMessage({ok: false, error: String(error)});
  }
};
