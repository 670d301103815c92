/**
 * The raw IndexedDB ceiling of benchmark 2: Dexie `bulkPut` of invoice rows (lines inside, with the
 * `order` key the worker adds) into a table with the worker's invoice indexes
 * (`id, [runId+status], [runId+order]`), in transactions of `perTransaction` invoices, with no
 * billing logic. Runs in a dedicated worker like the billing worker.
 */
import {Dexie} from 'dexie';

interface Request {
  readonly database: string;
  /** Invoices as the run stored them (`client.invoices`): cloned with new ids up to `count`. */
  readonly samples: readonly Record<string, unknown>[];
  readonly count: number;
  readonly perTransaction: number;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const {database, samples, count, perTransaction} = event.data;
  try {
    await Dexie.delete(database);
    const db = new Dexie(database);
    db.version(1).stores({invoices: 'id, [runId+status], [runId+order]'});
    await db.open();
    const table = db.table('invoices');
    const runId = 'ceiling-run';
    // Build every row first: only the writes are timed.
    const rows = Array.from({length: count}, (_, index) => {
      const sample = samples[index % samples.length]!;
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
    const lines = rows.reduce(
      (sum, row) =>
        sum + (((row as Record<string, unknown>)['lines'] as unknown[] | undefined)?.length ?? 0),
      0,
    );
    const started = performance.now();
    for (let offset = 0; offset < rows.length; offset += perTransaction) {
      const chunk = rows.slice(offset, offset + perTransaction);
      await db.transaction('rw', table, () => table.bulkPut(chunk));
    }
    const ms = performance.now() - started;
    const stored = await table.count();
    await table.clear();
    db.close();
    self.postMessage({ok: true, ms, stored, lines});
  } catch (error) {
    self.postMessage({ok: false, error: String(error)});
  }
};
