/**
 * The live queries a page watches: Dexie `liveQuery`s in the worker, which see every tab's writes,
 * pushed to the page through a callback proxy. Each observation is delivered again when a run lock
 * held elsewhere is let go (`refreshAll`), so an interrupted run shows without a write.
 */
import {liveQuery, type Observable} from 'dexie';
import type {Invoice, RunRecord} from '@invoice-run/core';
import type {
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
}

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
   * A query of several reads reads in one transaction: a live query runs again when what it read
   * changes before it ends, and reads that each waited behind a run's next commit would never
   * end while a run commits chunk after chunk (a page opened during a run saw nothing until it
   * ended).
   */
  private liveQueryOf(query: Exclude<LiveQuery, {kind: 'remaining'}>): Observable<unknown> {
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
