/**
 * The demo's data: generated in the page (deterministic seed) and imported through the public
 * client in batches, so the page can show progress. Filters go in last: a database that has
 * filters holds a complete data set (an import interrupted by closing the tab is redone).
 */
import type {InvoiceRunClient} from '@invoice-run/worker';
import {generateDataSet} from './generate-data.js';

/** The two sizes the demo offers. */
export type DataSetSize = 'default' | 'large';

export interface DataSetInfo {
  readonly size: DataSetSize;
  readonly accounts: number;
  readonly subscriptions: number;
  readonly items: number;
  readonly transactions: number;
  readonly records: number;
  /** Records the import refused (0 for the generated data). */
  readonly rejected: number;
  /** The month the data is billed in, `YYYY-MM`. */
  readonly month: string;
  /** How long generating and importing took, in milliseconds. */
  readonly duration: number;
  /** When it was loaded (ISO). */
  readonly loadedAt: string;
}

/** The kinds of records the figures of the page count. */
export type CountedKind = 'accounts' | 'subscriptions' | 'items' | 'transactions' | 'records';

export interface LoadProgress {
  readonly phase: 'generating' | 'importing' | 'schedule' | 'done';
  /** What is being imported (`subscriptions`, ...), while importing. */
  readonly kind?: string;
  readonly done: number;
  readonly total: number;
  /** How many records of each kind are in the database so far. */
  readonly imported: Readonly<Record<CountedKind, number>>;
}

export const DEMO_MONTH = '2026-01';
export const DEMO_SEED = 20260101;

/** Subscriptions per size: accounts get 3 on average, so about 2,000 and 50,000 accounts. */
const SUBSCRIPTIONS: Record<DataSetSize, number> = {default: 6000, large: 150_000};

/** Records per `import` call: big enough to keep IndexedDB busy, small enough for live progress. */
const BATCH = 5000;

const KINDS = ['accounts', 'subscriptions', 'items', 'transactions', 'records', 'filters'] as const;

const INFO_KEY = 'invoice-run-demo:data-set';

/** Who the demo's invoices are from: the settings' seller, for invoice documents. */
export const DEMO_SELLER = {
  name: 'Acme Billing GmbH',
  address: {lines: ['Friedrichstraße 123'], postalCode: '10117', city: 'Berlin', country: 'DE'},
  taxId: 'DE811907980',
  email: 'billing@acme.example',
  phone: '+49 30 1234567',
  bank: {
    accountHolder: 'Acme Billing GmbH',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    bankName: 'Commerzbank',
  },
} as const;

/** Puts the demo's seller into the settings when they have none (a database of an older demo). */
export async function ensureSeller(client: InvoiceRunClient): Promise<void> {
  const settings = await client.settings();
  if (settings.seller !== undefined && settings.seller !== null) return;
  await client.saveSettings({...settings, seller: DEMO_SELLER});
}

/** Lets the browser paint (the progress state) before a long synchronous step. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

/** Whether the database holds a complete demo data set (filters are imported last). */
export async function hasData(client: InvoiceRunClient): Promise<boolean> {
  return (await client.filters()).length > 0;
}

/**
 * Generates the data set of `size` and imports it through `client`, reporting progress; then saves
 * the demo's schedule through `client.saveSchedule`. An aborted `signal` stops the import between
 * two batches (it rejects with the signal's reason); what was imported stays, without filters, so
 * `hasData` says the set is incomplete.
 */
export async function loadDataSet(
  client: InvoiceRunClient,
  size: DataSetSize,
  onProgress: (progress: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<DataSetInfo> {
  const started = performance.now();
  const imported: Record<CountedKind, number> = {
    accounts: 0,
    subscriptions: 0,
    items: 0,
    transactions: 0,
    records: 0,
  };
  onProgress({phase: 'generating', done: 0, total: 1, imported});
  await nextFrame();
  signal?.throwIfAborted();
  const {data, schedule} = generateDataSet({
    subscriptions: SUBSCRIPTIONS[size],
    month: DEMO_MONTH,
    seed: DEMO_SEED,
    buyerDetails: true,
  });

  const total = KINDS.reduce((sum, kind) => sum + (data[kind]?.length ?? 0), 0);
  let done = 0;
  let rejected = 0;
  for (const kind of KINDS) {
    const list = data[kind] ?? [];
    for (let offset = 0; offset < list.length; offset += BATCH) {
      signal?.throwIfAborted();
      onProgress({phase: 'importing', kind, done, total, imported: {...imported}});
      const batch = list.slice(offset, offset + BATCH);
      const report = await client.import({[kind]: batch});
      rejected += report.rejected.length;
      if (report.rejected.length > 0) {
        console.warn(
          `The demo data has ${report.rejected.length} rejected ${kind}.`,
          report.rejected,
        );
      }
      done += batch.length;
      if (kind !== 'filters') imported[kind] += batch.length - report.rejected.length;
    }
  }
  signal?.throwIfAborted();
  onProgress({phase: 'schedule', done, total, imported: {...imported}});
  await ensureSeller(client);
  await client.saveSchedule(schedule);
  onProgress({phase: 'done', done, total, imported: {...imported}});

  const info: DataSetInfo = {
    size,
    accounts: data.accounts?.length ?? 0,
    subscriptions: data.subscriptions?.length ?? 0,
    items: data.items?.length ?? 0,
    transactions: data.transactions?.length ?? 0,
    records: data.records?.length ?? 0,
    rejected,
    month: DEMO_MONTH,
    duration: performance.now() - started,
    loadedAt: new Date().toISOString(),
  };
  saveInfo(info);
  return info;
}

/** What the last load stored, if this browser loaded the data set itself. */
export function readInfo(): DataSetInfo | undefined {
  try {
    const text = localStorage.getItem(INFO_KEY);
    return text === null ? undefined : (JSON.parse(text) as DataSetInfo);
  } catch {
    return undefined;
  }
}

function saveInfo(info: DataSetInfo): void {
  try {
    localStorage.setItem(INFO_KEY, JSON.stringify(info));
  } catch {
    // Private mode or storage full: the counts are only shown, nothing depends on them.
  }
}

export function forgetInfo(): void {
  try {
    localStorage.removeItem(INFO_KEY);
  } catch {
    // As above.
  }
}

/** The database is in use by another tab: it cannot be deleted until that tab lets go. */
export class DatabaseBlockedError extends Error {
  constructor() {
    super('Another tab still has the demo open. Close it, then try again.');
    this.name = 'DatabaseBlockedError';
  }
}

/** Deletes the IndexedDB database (after the client that had it open was disposed). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    let blocked: ReturnType<typeof setTimeout> | undefined;
    request.onsuccess = () => {
      clearTimeout(blocked);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(blocked);
      reject(request.error ?? new Error(`Could not delete the database "${name}".`));
    };
    // Other connections get a versionchange event and usually close; give them a moment.
    request.onblocked = () => {
      blocked = setTimeout(() => reject(new DatabaseBlockedError()), 5000);
    };
  });
}
