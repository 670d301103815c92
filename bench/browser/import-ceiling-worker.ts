/**
 * The import's ceiling (issue 15): a raw Dexie `bulkPut` of the same records, as the import stores
 * them, into the same tables with the same indexes (the worker's own `InvoiceRunDb`), in the same
 * batches, one transaction per batch and kind, with no validation and no reads. Runs in a
 * dedicated worker like the billing worker. `prepare` makes the rows (validation, defaults, the
 * generic records' link marker), `write` writes them (the only part timed), `dispose` deletes the
 * database.
 */
import {validateDataSet, type DataSetInput} from '@invoice-run/core';
import {InvoiceRunDb} from '@invoice-run/worker/in-process.js';

interface Prepare {
  readonly op: 'prepare';
  readonly database: string;
  readonly data: DataSetInput;
  readonly kinds: readonly (keyof DataSetInput)[];
  readonly batch: number;
}

let db: InvoiceRunDb | undefined;
let batches: {kind: string; rows: object[]}[] = [];

async function prepare({database, data, kinds, batch}: Prepare): Promise<object> {
  db = new InvoiceRunDb(database);
  await db.open();
  batches = [];
  for (const kind of kinds) {
    const list = data[kind] ?? [];
    for (let offset = 0; offset < list.length; offset += batch) {
      const {valid} = validateDataSet({[kind]: list.slice(offset, offset + batch)});
      batches.push({
        kind,
        rows:
          kind === 'records'
            ? valid.records.map((record) => ({...record, billed: 0, invoiceId: null}))
            : valid[kind],
      });
    }
  }
  return {};
}

async function write(): Promise<object> {
  const byKindMs: Record<string, number> = {};
  let stored = 0;
  const started = performance.now();
  for (const {kind, rows} of batches) {
    const table = db!.table(kind);
    const batchStarted = performance.now();
    await db!.transaction('rw', table, () => table.bulkPut(rows));
    byKindMs[kind] = (byKindMs[kind] ?? 0) + performance.now() - batchStarted;
    stored += rows.length;
  }
  return {ms: performance.now() - started, stored, byKindMs};
}

self.onmessage = async (event: MessageEvent<Prepare | {op: 'write' | 'dispose'}>) => {
  try {
    const {op} = event.data;
    const result =
      op === 'prepare'
        ? await prepare(event.data as Prepare)
        : op === 'write'
          ? await write()
          : (db?.close(), await InvoiceRunDb.delete(db!.name), {});
    self.postMessage({ok: true, ...result});
  } catch (error) {
    self.postMessage({ok: false, error: String(error)});
  }
};
