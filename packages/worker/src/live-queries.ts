/**
 * The live queries a page watches: Dexie `liveQuery`s in the worker, which see every tab's writes,
 * pushed to the page through a callback proxy. Each observation is delivered again when a run lock
 * held elsewhere is let go (`refreshAll`), so an interrupted run shows without a write.
 */
import {Dexie, liveQuery, RangeSet, type ObservabilitySet, type Observable} from 'dexie';
import type {Invoice, RunRecord} from '@invoice-run/core';
import type {
  InvoiceChanges,
  LiveListener,
  LiveQuery,
  LiveResults,
  Page,
  PageRequest,
  RemainingWatch,
} from './api.js';
import type {InvoiceRunDb} from './db.js';
import {notify, releaseCallback} from './jobs.js';
import type {RunViews} from './run-views.js';

interface Observation {
  readonly subscription: {unsubscribe(): void};
  readonly listener: unknown;
  /** Delivers the last value again, with `interrupted` as the locks are now. */
  readonly refresh?: () => void;
}

/** The paged reads the live queries share with the plain API calls. */
export interface PageReaders {
  readRunsPage(request?: PageRequest): Promise<Page<RunRecord>>;
  readInvoicePage(runId: string, request?: PageRequest): Promise<Page<Invoice>>;
  /** The invoices of these ids that exist. */
  readInvoices(ids: Iterable<string>): Promise<ReadonlyMap<string, Invoice | undefined>>;
}

/** What a mutation of the invoices table says of its keys: these ids, or too many to tell. */
type ChangedKeys = ReadonlySet<string> | 'all';

function ignore(): void {}

export class LiveQueries {
  private readonly observations = new Map<string, Observation>();

  constructor(
    private readonly db: InvoiceRunDb,
    private readonly views: RunViews,
    private readonly readers: PageReaders,
  ) {}

  /** Starts a live query; the listener gets its value now and after every change. */
  observe<K extends LiveQuery['kind']>(
    query: Extract<LiveQuery, {kind: K}>,
    listener: LiveListener<K>,
  ): string {
    const id = globalThis.crypto.randomUUID();
    // A value can arrive after the observation stopped (its page read was under way): calling the
    // released listener then throws at once, which `notify` turns into a stop like a failed call.
    const deliver = (value: unknown) => {
      notify(
        () => (listener as (value: unknown) => unknown)(value),
        () => this.stop(id),
      );
    };
    const asked = query as LiveQuery;
    if (asked.kind === 'remaining') {
      const watch = this.watchRemaining(asked.id, deliver, () => this.stop(id));
      this.observations.set(id, {...watch, listener});
      return id;
    }
    if (asked.kind === 'invoiceChanges') {
      const watch = this.watchInvoiceChanges(asked.runId, deliver, () => this.stop(id));
      this.observations.set(id, {...watch, listener});
      return id;
    }
    let last: unknown;
    let seen = false;
    const emit = () => {
      const value = last;
      if (asked.kind === 'runs') {
        void this.views.pageOf(value as Page<RunRecord>).then(deliver, ignore);
      } else if (asked.kind === 'run') {
        const run = value as RunRecord | undefined;
        if (run === undefined) deliver(undefined);
        else void this.views.viewNow(run).then(deliver, ignore);
      } else {
        deliver(value);
      }
    };
    const subscription = this.liveQueryOf(asked).subscribe({
      next: (value: unknown) => {
        last = value;
        seen = true;
        emit();
      },
      error: () => this.stop(id),
    });
    const refresh = () => {
      if (seen) emit();
    };
    this.observations.set(id, {subscription, listener, refresh});
    return id;
  }

  stop(id: string): void {
    const observation = this.observations.get(id);
    if (observation === undefined) return;
    this.observations.delete(id);
    observation.subscription.unsubscribe();
    releaseCallback(observation.listener);
  }

  stopAll(): void {
    for (const id of [...this.observations.keys()]) this.stop(id);
  }

  /** Delivers every observation's last value again. */
  refreshAll(): void {
    for (const observation of this.observations.values()) observation.refresh?.();
  }

  /**
   * The `remaining` live query: two Dexie live queries, one of the run and the newer runs of its
   * selection, one of the data View Remaining reads (a row of each table observes the whole
   * table: any write to it runs the query again). The version goes up when the run part changes
   * (its record changes with every change of its invoices) and at each run of the data part.
   */
  private watchRemaining(
    runId: string,
    deliver: (value: RemainingWatch) => void,
    fail: () => void,
  ): Omit<Observation, 'listener'> {
    let version = 0;
    let runs: {run: RunRecord | undefined; newer: RunRecord | undefined} | undefined;
    let runsKey = '';
    let dataSeen = false;
    const emit = () => {
      if (runs === undefined || !dataSeen) return;
      const {run, newer} = runs;
      void Promise.all([
        run === undefined ? undefined : this.views.viewNow(run),
        newer === undefined ? undefined : this.views.viewNow(newer),
      ]).then(([runView, newerView]) => deliver({run: runView, newer: newerView, version}), ignore);
    };
    const {db} = this;
    const runPart = liveQuery(() =>
      db.transaction('r', db.runs, async () => {
        const run = await db.runs.get(runId);
        if (run === undefined) return {run, newer: undefined};
        const later = await db.runs.where('sequence').above(run.sequence).toArray();
        const newer = later
          .filter((other) => other.selectionKey === run.selectionKey)
          .reduce<RunRecord | undefined>(
            (latest, other) =>
              latest === undefined || other.sequence > latest.sequence ? other : latest,
            undefined,
          );
        return {run, newer};
      }),
    ).subscribe({
      next: (value) => {
        const key = JSON.stringify([value.run, value.newer?.id]);
        if (runs !== undefined && key !== runsKey) version++;
        runsKey = key;
        runs = value;
        emit();
      },
      error: fail,
    });
    const dataPart = liveQuery(() =>
      Promise.all([
        ...[db.accounts, db.subscriptions, db.items, db.transactions, db.filters].map((table) =>
          table.limit(1).toArray(),
        ),
        db.records.limit(1).toArray(),
        db.settings.get('settings'),
      ]),
    ).subscribe({
      next: () => {
        if (dataSeen) version++;
        dataSeen = true;
        emit();
      },
      error: fail,
    });
    return {
      subscription: {
        unsubscribe: () => {
          runPart.unsubscribe();
          dataPart.unsubscribe();
        },
      },
      refresh: emit,
    };
  }

  /**
   * The `invoiceChanges` live query. Dexie reports every committed write, of this worker or of
   * another tab's (over a BroadcastChannel), with the keys it touched (`storagemutated`); the
   * invoices of those keys are read and delivered. A write of fifty or more rows is reported as a
   * whole-table change, and so is a range delete: the page then reads the run again.
   *
   * Writes that come while a read is under way are read next, together: one read at a time, so
   * the deliveries arrive in the order the reads saw the database.
   */
  private watchInvoiceChanges(
    runId: string,
    deliver: (value: InvoiceChanges) => void,
    fail: () => void,
  ): Omit<Observation, 'listener'> {
    const part = `idb://${this.db.name}/${this.db.invoices.name}/`;
    let pending: Set<string> | 'all' | undefined;
    let reading = false;
    let stopped = false;
    const flush = async (): Promise<void> => {
      if (reading || pending === undefined || stopped) return;
      const keys = pending;
      pending = undefined;
      reading = true;
      try {
        if (keys === 'all') deliver({changed: [], removed: [], all: true});
        else {
          const found = await this.readers.readInvoices(keys);
          const changed: Invoice[] = [];
          const removed: string[] = [];
          for (const key of keys) {
            const invoice = found.get(key);
            if (invoice !== undefined && invoice.runId === runId) changed.push(invoice);
            else removed.push(key);
          }
          if (!stopped) deliver({changed, removed, all: false});
        }
      } catch {
        fail();
        return;
      } finally {
        reading = false;
      }
      void flush();
    };
    const onMutation = (parts: ObservabilitySet): void => {
      const tree = parts[part];
      if (tree === undefined) return;
      const keys = changedKeys(tree);
      if (keys === 'all' || pending === 'all') pending = 'all';
      else {
        pending ??= new Set();
        for (const key of keys) pending.add(key);
      }
      void flush();
    };
    Dexie.on('storagemutated', onMutation);
    // The first delivery: observing from now on.
    deliver({changed: [], removed: [], all: false});
    return {
      subscription: {
        unsubscribe: () => {
          stopped = true;
          Dexie.on.storagemutated.unsubscribe(onMutation);
        },
      },
    };
  }

  /**
   * A query of several reads reads in one transaction: a live query runs again when what it read
   * changes before it ends, and reads that each waited behind a run's next commit would never
   * end while a run commits chunk after chunk (a page opened during a run saw nothing until it
   * ended).
   */
  private liveQueryOf(
    query: Exclude<LiveQuery, {kind: 'remaining' | 'invoiceChanges'}>,
  ): Observable<unknown> {
    const {db, readers} = this;
    switch (query.kind) {
      case 'runs':
        return liveQuery(() =>
          db.transaction('r', db.runs, () => readers.readRunsPage(query.page)),
        );
      case 'run':
        return liveQuery(() => db.runs.get(query.id));
      case 'invoices':
        return liveQuery(() =>
          db.transaction('r', db.invoices, () => readers.readInvoicePage(query.runId, query.page)),
        );
      case 'counters':
        return liveQuery(async (): Promise<LiveResults['counters']> => {
          const rows = await db.counters.toArray();
          return Object.fromEntries(rows.map((row) => [row.key, row.value]));
        });
    }
  }
}

/**
 * The ids a mutation of the invoices table touched: each single key of its range set, or `all`
 * when it holds a range (Dexie reports bulk writes and range deletes as the whole table). A set
 * that came from another tab is a plain clone: `RangeSet` gives it back its iterator.
 */
function changedKeys(tree: ObservabilitySet[string]): ChangedKeys {
  const keys = new Set<string>();
  for (const node of RangeSet(tree)) {
    if (typeof node.from !== 'string' || node.from !== node.to) return 'all';
    keys.add(node.from);
  }
  return keys;
}
