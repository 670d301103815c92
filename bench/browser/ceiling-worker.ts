/**
 * The raw IndexedDB ceiling of benchmark 2: Dexie `bulkPut` of invoice rows (lines inside, with the
 * `order` key the worker adds) into a table with the worker's invoice indexes
 * (`id, [runId+status], [runId+order]`), in transactions of `perTransaction` invoices, with no
 * billing logic. Runs in a dedicated worker like the billing worker. `prepare` makes the rows,
 * `write` writes them (the only part timed), `dispose` deletes the database.
 */
import {Dexie} from 'dexie';

interface Prepare {
  readonly op: 'prepare';
  readonly database: string;
  /** Invoices as the run stored them (`client.invoices`): cloned with new ids up to `count`. */
  readonly samples: readonly Record<string, unknown>[];
  readonly count: number;
  readonly perTransaction: number;
}

let db: Dexie | undefined;
let rows: Record<string, unknown>[] = [];
let perTransaction = 100;

async function prepare(request: Prepare): Promise<object> {
  await Dexie.delete(request.database);
  db = new Dexie(request.database);
  db.version(1).stores({invoices: 'id, [runId+status], [runId+order]'});
  await db.open();
  perTransaction = request.perTransaction;
  const runId = 'ceiling-run';
  rows = Array.from({length: request.count}, (_, index) => {
    const sample = request.samples[index % request.samples.length]!;
    const id = `ceiling-${String(index).padStart(8, '0')}`;
    // The worker's `order` key (db.ts `invoiceOrder`), made distinct per row.
    const order = [
      `${String(sample['accountId'])}-${index}`,
      (sample['subscriptionId'] as string | null) ?? 0,
      sample['currency'],
      (sample['criterion'] as string | null) ?? 0,
      sample['index'] ?? 0,
    ];
    return {...structuredClone(sample), id, runId, order};
  });
  return {};
}

async function write(): Promise<object> {
  const table = db!.table('invoices');
  const lines = rows.reduce(
    (sum, row) => sum + ((row['lines'] as unknown[] | undefined)?.length ?? 0),
    0,
  );
  const started = performance.now();
  for (let offset = 0; offset < rows.length; offset += perTransaction) {
    const chunk = rows.slice(offset, offset + perTransaction);
    await db!.transaction('rw', table, () => table.bulkPut(chunk));
  }
  const ms = performance.now() - started;
  return {ms, stored: rows.length, lines};
}

self.onmessage = async (event: MessageEvent<Prepare | {op: 'write' | 'dispose'}>) => {
  try {
    const {op} = event.data;
    const result =
      op === 'prepare'
        ? await prepare(event.data as Prepare)
        : op === 'write'
          ? await write()
          : (db?.close(), await Dexie.delete(db!.name), {});
    self.postMessage({ok: true, ...result});
  } catch (error) {
    self.postMessage({ok: false, error: String(error)});
  }
};
