/// <reference types="mocha" />
import {expect} from 'chai';
import {wrap} from 'comlink';
import {InvoiceRunError, parseScenarioText, runScenario, type Invoice} from '@invoice-run/core';
import {
  createInvoiceRunClient,
  type InvoiceChanges,
  type InvoiceRunClient,
  type JobProgress,
  type RunView,
} from '@invoice-run/worker';
import {JANUARY, monthlyDataSet, usageDataSet} from './test-support/data.js';
import {rewriteAsVersion} from './test-support/legacy.js';
import type {FaultWorker} from './test-support/fault-worker.js';
import {retry} from './test-support/retry.js';
import {runScenarioThroughClient} from './test-support/scenario-driver.js';

const TODAY = '2026-06-30';
const clients: InvoiceRunClient[] = [];
let counter = 0;

function newDatabase(): string {
  return `browser-${Date.now()}-${++counter}`;
}

function client(database = newDatabase(), chunkSize?: number, worker?: Worker): InvoiceRunClient {
  const made = createInvoiceRunClient({
    database,
    ...(chunkSize === undefined ? {} : {chunkSize}),
    ...(worker === undefined ? {} : {worker}),
  });
  clients.push(made);
  return made;
}

async function errorOf(promise: Promise<unknown>): Promise<InvoiceRunError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(InvoiceRunError);
    return error as InvoiceRunError;
  }
  throw new Error('expected an error');
}

async function allInvoices(billing: InvoiceRunClient, runId: string): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  for (;;) {
    const page = await billing.invoices(runId, {offset: invoices.length, limit: 1000});
    invoices.push(...page.items);
    if (page.items.length === 0 || invoices.length >= page.total) return invoices;
  }
}

function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

function isWhole(invoice: Invoice): boolean {
  return (
    invoice.lines.length > 0 &&
    invoice.lines.reduce((sum, line) => sum + cents(line.net), 0) === cents(invoice.net)
  );
}

/** Subscription id to what it was billed, for comparing two runs over the same data. */
function billedBySubscription(invoices: readonly Invoice[]): Map<string, string> {
  return new Map(
    invoices.map((invoice) => [
      invoice.subscriptionId ?? '',
      JSON.stringify([
        invoice.net,
        invoice.tax,
        invoice.servicePeriod,
        invoice.lines.map((line) => line.source),
      ]),
    ]),
  );
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeout = 10_000,
): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await read();
    if (done(value) || performance.now() - started > timeout) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(async () => {
  for (const made of clients.splice(0)) await made.dispose();
});

/** The public scenario files (`test/scenarios/*.json`), listed by the test server. */
const scenarioFiles = (await (await fetch('/__invoice-run__/scenarios.json')).json()) as string[];

describe('the worker client runs the public scenario suite like the command line', () => {
  it('finds the public scenarios', () => {
    expect(scenarioFiles.length).to.be.at.least(6);
  });
  for (const file of scenarioFiles) {
    it(file.split('/').pop()!, async () => {
      const scenario = parseScenarioText(await (await fetch(file)).text());
      const expected = await runScenario(scenario, {today: TODAY});
      const actual = await runScenarioThroughClient(client(), scenario, TODAY);
      expect(JSON.stringify(actual, null, 2)).to.equal(JSON.stringify(expected, null, 2));
    });
  }
});

describe('runs in the worker', () => {
  it('reports progress {phase, done, total} after every chunk, up to the total', async () => {
    const billing = client(newDatabase(), 100);
    await billing.import(monthlyDataSet(3000));
    const events: {at: number; progress: JobProgress}[] = [];
    const started = performance.now();
    const result = await billing.startRun(JANUARY, {
      onProgress: (progress) => events.push({at: performance.now(), progress}),
    });
    const ended = performance.now();
    expect(result.run.status).to.equal('completed');
    expect(result.counters.invoices).to.equal(3000);
    expect(events[0]!.progress).to.deep.equal({phase: 'subscriptions', done: 0, total: 3000});
    expect(events.at(-1)!.progress).to.deep.equal({
      phase: 'subscriptions',
      done: 3000,
      total: 3000,
    });
    const times = [started, ...events.map((event) => event.at)];
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    const widest = Math.max(...gaps);
    console.log(
      `progress: ${events.length} events over ${Math.round(ended - started)} ms, widest gap ${Math.round(widest)} ms`,
    );
    // At least one event per chunk of 100, done never going back. (That a waiting job repeats its
    // last progress every 250 ms is tested apart, without a clock: progress.test.ts. A bound on
    // the widest gap here would measure the machine, not the worker.)
    expect(events.length).to.be.at.least(3000 / 100 + 1);
    const done = events.map((event) => event.progress.done);
    expect(done.every((value, index) => index === 0 || value >= done[index - 1]!)).to.equal(true);
  });

  it('a cancel ends the run cancelled with only whole invoices', async () => {
    const billing = client(newDatabase(), 50);
    await billing.import(monthlyDataSet(1500));
    const controller = new AbortController();
    const result = await billing.startRun(JANUARY, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.done >= 300) controller.abort();
      },
    });
    expect(result.run.status).to.equal('cancelled');
    const stored = await billing.run(result.run.id);
    expect(stored.status).to.equal('cancelled');
    const invoices = await allInvoices(billing, result.run.id);
    expect(invoices.length).to.equal(stored.counters.invoices);
    expect(invoices.length).to.be.within(300, 1499);
    expect(invoices.every(isWhole)).to.equal(true);
  });

  it('a worker terminated mid-run leaves whole invoices; View Remaining and restore complete the run', async () => {
    const database = newDatabase();
    const data = monthlyDataSet(3000);
    const first = client(database, 100);
    await first.import(data);
    let reached!: () => void;
    const halfway = new Promise<void>((resolve) => (reached = resolve));
    const running = first.startRun(JANUARY, {
      onProgress: (progress) => {
        if (progress.done >= 800) reached();
      },
    });
    await halfway;
    await first.dispose();
    expect((await errorOf(running)).code).to.equal('WORKER_TERMINATED');

    const second = client(database, 100);
    const runs = await until(
      () => second.runs(),
      (page) => page.items[0]?.interrupted === true,
    );
    const run = runs.items[0] as RunView;
    expect(run.status).to.equal('running');
    expect(run.interrupted).to.equal(true);
    const before = await allInvoices(second, run.id);
    expect(before.length).to.be.within(800, 2999);
    expect(before.every(isWhole)).to.equal(true);

    const remaining = await second.remaining(run.id);
    expect(remaining.subscriptions.length).to.equal(3000 - before.length);
    const restored = await second.restore(run.id, {
      subscriptions: remaining.subscriptions.map((sub) => sub.id),
    });
    expect(restored.skipped).to.deep.equal([]);
    const after = await second.run(run.id);
    expect(after.status).to.equal('completed');
    expect(after.interrupted).to.equal(false);
    expect(after.counters.invoices).to.equal(3000);
    const invoices = await allInvoices(second, run.id);
    expect(new Set(invoices.map((invoice) => invoice.subscriptionId)).size).to.equal(3000);

    const clean = client(newDatabase(), 100);
    await clean.import(data);
    const cleanRun = await clean.startRun(JANUARY);
    const cleanInvoices = await allInvoices(clean, cleanRun.run.id);
    expect(billedBySubscription(invoices)).to.deep.equal(billedBySubscription(cleanInvoices));
    expect(after.totals).to.deep.equal(cleanRun.run.totals);
  });

  it('a page that starts watching during a run sees it while it bills, not only at its end', async () => {
    const billing = client(newDatabase(), 100);
    await billing.import(monthlyDataSet(3000));
    let started!: () => void;
    const going = new Promise<void>((resolve) => (started = resolve));
    const running = billing.startRun(JANUARY, {
      onProgress: (progress) => {
        if (progress.done >= 100) started();
      },
    });
    await going;
    // Each delivery says whether the run was still billing when it came.
    let ended = false;
    const seen = {runs: [] as boolean[], invoices: [] as boolean[], remaining: [] as boolean[]};
    const stops = [
      billing.observeRuns(() => seen.runs.push(!ended)),
      billing.observeInvoices('run-1', () => seen.invoices.push(!ended), {limit: 1}),
      billing.observeRemaining('run-1', (watch) => {
        seen.remaining.push(!ended);
        expect(watch.run?.status).to.be.oneOf(['running', 'completed']);
      }),
    ];
    await running;
    ended = true;
    for (const stop of stops) stop();
    expect(seen.runs[0]).to.equal(true);
    expect(seen.invoices[0]).to.equal(true);
    expect(seen.remaining[0]).to.equal(true);
  });

  it("another tab sees a closed tab's run interrupted, live, without a call of its own", async () => {
    const database = newDatabase();
    const first = client(database, 100);
    const second = client(database, 100);
    await first.import(monthlyDataSet(3000));
    const seen: RunView[] = [];
    const stop = second.observeRuns((page) => {
      if (page.items[0] !== undefined) seen.push(page.items[0]);
    });
    let reached!: () => void;
    const halfway = new Promise<void>((resolve) => (reached = resolve));
    const running = first.startRun(JANUARY, {
      onProgress: (progress) => {
        if (progress.done >= 500) reached();
      },
    });
    await halfway;
    await until(
      async () => seen.at(-1),
      (last) => last?.status === 'running',
    );
    expect(seen.at(-1)!.interrupted).to.equal(false);
    // The tab closes: its worker goes, and the run's lock with it; nothing is written.
    await first.dispose();
    expect((await errorOf(running)).code).to.equal('WORKER_TERMINATED');
    const last = await until(
      async () => seen.at(-1),
      (view) => view?.interrupted === true,
    );
    stop();
    expect(last!.status).to.equal('running');
    expect(last!.interrupted).to.equal(true);
  });

  it('a run that waits for another tab says so, then finds the period billed', async () => {
    const database = newDatabase();
    const first = client(database, 100);
    const second = client(database, 100);
    await first.import(monthlyDataSet(2000));
    let started!: () => void;
    const billing = new Promise<void>((resolve) => (started = resolve));
    const firstRun = first.startRun(JANUARY, {
      onProgress: (progress) => {
        if (progress.phase === 'subscriptions' && progress.done > 0) started();
      },
    });
    await billing;
    const progress: JobProgress[] = [];
    const secondRun = await second.startRun(JANUARY, {
      onProgress: (event) => progress.push(event),
    });
    expect((await firstRun).counters.invoices).to.equal(2000);
    expect(progress.some((event) => event.phase === 'waiting')).to.equal(true);
    const waitedAt = progress.findIndex((event) => event.phase === 'waiting');
    expect(progress.slice(0, waitedAt).every((event) => event.done === 0)).to.equal(true);
    expect(secondRun.counters.invoices).to.equal(0);
  });

  it('two clients starting the same run at once bill no item day twice', async () => {
    const database = newDatabase();
    const first = client(database, 50);
    const second = client(database, 50);
    await first.import(monthlyDataSet(600));
    const [a, b] = await Promise.all([first.startRun(JANUARY), second.startRun(JANUARY)]);
    expect(a.run.id).to.not.equal(b.run.id);
    expect(a.counters.invoices + b.counters.invoices).to.equal(600);
    const lines = [
      ...(await allInvoices(first, a.run.id)),
      ...(await allInvoices(first, b.run.id)),
    ].flatMap((invoice) =>
      invoice.lines.map((line) => `${line.source}:${line.servicePeriod.start}`),
    );
    expect(new Set(lines).size).to.equal(lines.length);
    expect(lines.length).to.equal(600);
  });

  it('the page observes runs and counters live while another worker bills', async () => {
    const database = newDatabase();
    const billing = client(database, 50);
    const watcher = client(database);
    await billing.import(monthlyDataSet(1000));
    const seen: RunView[] = [];
    const stop = watcher.observeRuns((page) => {
      if (page.items[0] !== undefined) seen.push(page.items[0]);
    });
    const counters: Record<string, number>[] = [];
    const stopCounters = watcher.observeCounters((value) => counters.push(value));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const {run} = await billing.startRun({...JANUARY, invoiceDate: '2026-02-01'});
    await until(
      async () => seen.at(-1),
      (last) => last?.status === 'completed',
    );
    stop();
    expect(
      seen.some(
        (view) =>
          view.status === 'running' && view.counters.invoices > 0 && view.counters.invoices < 1000,
      ),
    ).to.equal(true);
    expect(seen.at(-1)!.counters.invoices).to.equal(1000);
    await billing.finalize(run.id, {accounts: ['a000000', 'a000001']});
    const last = await until(
      async () => counters.at(-1),
      (value) => value?.['invoice:2026'] === 2,
    );
    stopCounters();
    expect(last).to.deep.equal({'invoice:2026': 2});
  });
});

describe("the change feed of a run's invoices", () => {
  it('names the invoices that changed, in this tab or another, and sends a bulk change as all', async () => {
    const database = newDatabase();
    const clerk = client(database);
    const watcher = client(database);
    await clerk.import(monthlyDataSet(60));
    const {run} = await clerk.startRun({...JANUARY, invoiceDate: '2026-02-01'});
    const other = await clerk.startRun({
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      invoiceDate: '2026-03-01',
    });
    const seen: InvoiceChanges[] = [];
    const stop = watcher.observeInvoiceChanges(run.id, (changes) => seen.push(changes));
    await until(
      async () => seen.length,
      (count) => count > 0,
      30_000,
    );
    // The first delivery: the feed is on, nothing changed yet.
    expect(seen).to.deep.equal([{changed: [], removed: [], all: false}]);

    const [first, second] = await allInvoices(clerk, run.id);
    const edited = await clerk.editDraft(first!.id, [{line: 0, set: {quantity: '2'}}]);
    const afterEdit = await until(
      async () => seen.slice(1),
      (list) => list.length > 0,
      30_000,
    );
    expect(afterEdit).to.deep.equal([{changed: [edited], removed: [], all: false}]);

    // Another run's invoice changing is no invoice of this run: named as removed, never changed.
    const [otherFirst] = await allInvoices(clerk, other.run.id);
    await clerk.editDraft(otherFirst!.id, [{line: 0, set: {quantity: '3'}}]);
    await clerk.deleteDrafts(run.id, {accounts: [second!.accountId]});
    const afterDelete = await until(
      async () => seen.slice(2),
      (list) => list.some((changes) => changes.removed.includes(second!.id)),
      30_000,
    );
    expect(afterDelete.flatMap((changes) => changes.changed)).to.deep.equal([]);
    expect(afterDelete.flatMap((changes) => changes.removed).sort()).to.deep.equal(
      [otherFirst!.id, second!.id].sort(),
    );

    // Finalizing the other 58 drafts at once: every one of them is accounted for.
    const drafts = (await allInvoices(clerk, run.id)).map((invoice) => invoice.id);
    const before = seen.length;
    await clerk.finalize(run.id, {}, TODAY);
    const afterFinalize = await until(
      async () => seen.slice(before),
      (list) =>
        list.some((changes) => changes.all) ||
        drafts.every((id) => list.some((changes) => changes.changed.some((i) => i.id === id))),
      30_000,
    );
    const named = new Set(afterFinalize.flatMap((changes) => changes.changed.map((i) => i.id)));
    expect(
      afterFinalize.some((changes) => changes.all) || drafts.every((id) => named.has(id)),
    ).to.equal(true);
    stop();
  });
});

describe('draft edits in the worker', () => {
  it('an edit in one tab is seen live in another, with its run figures, and its refusals keep their code and faults', async () => {
    const database = newDatabase();
    const clerk = client(database);
    const watcher = client(database);
    await clerk.import(monthlyDataSet(3));
    const {run} = await clerk.startRun({...JANUARY, invoiceDate: '2026-02-01'});
    const seen: Invoice[][] = [];
    const stop = watcher.observeInvoices(run.id, (page) => seen.push([...page.items]));
    await until(
      async () => seen.length,
      (count) => count > 0,
    );
    const [first] = await allInvoices(clerk, run.id);
    const edited = await clerk.editDraft(
      first!.id,
      [
        {line: 0, set: {quantity: '2'}},
        {add: {description: 'Onboarding', quantity: '1', unitPrice: '150', taxRate: '19'}},
      ],
      {at: '2026-02-02T09:00:00Z'},
    );
    expect(edited!.lines.map((line) => [line.kind, line.net])).to.deep.equal([
      ['item', '20.00'],
      ['manual', '150.00'],
    ]);
    const live = await until(
      async () => seen.at(-1)?.find((invoice) => invoice.id === first!.id),
      (invoice) => invoice?.edited === true,
    );
    expect(live).to.deep.equal(edited);
    const figures = await until(
      () => watcher.run(run.id),
      (view) => view.current.totals[0]?.net === '193.00',
    );
    // 10 + 11 + 12 before; the first invoice is now 20 + 150.
    expect([figures.current.totals[0]!.net, figures.totals[0]!.net]).to.deep.equal([
      '193.00',
      '33.00',
    ]);
    stop();

    const refused = await errorOf(
      watcher.editDraft(first!.id, [{line: 0, set: {discountPercent: '120'}}]),
    );
    expect(refused.code).to.equal('INVALID_EDIT');
    expect(refused.faults.map((fault) => fault.path)).to.deep.equal([
      'changes[0].set.discountPercent',
    ]);
    expect((await errorOf(watcher.editDraft(first!.id, [{remove: 7}]))).code).to.equal(
      'LINE_NOT_FOUND',
    );
    expect(await watcher.editDraft(first!.id, [{remove: 1}, {remove: 0}])).to.equal(null);
    expect((await errorOf(clerk.editDraft(first!.id, [{remove: 0}]))).code).to.equal(
      'INVOICE_NOT_FOUND',
    );
  });
});

describe('View Remaining in the worker', () => {
  /** A run of January made before the subscriptions were imported: all of them remain. */
  async function runBeforeSubscriptions(billing: InvoiceRunClient, count: number) {
    const data = monthlyDataSet(count);
    await billing.import({accounts: data.accounts});
    const {run} = await billing.startRun(JANUARY);
    await billing.import({subscriptions: data.subscriptions, items: data.items});
    return run;
  }

  it('streams the subscriptions to the page a chunk at a time, the first long before the last', async () => {
    const billing = client(newDatabase(), 100);
    const run = await runBeforeSubscriptions(billing, 3000);
    const arrivals: {at: number; ids: string[]}[] = [];
    const progress: JobProgress[] = [];
    const started = performance.now();
    const remaining = await billing.remaining(run.id, {
      onSubscriptions: (rows) =>
        arrivals.push({at: performance.now() - started, ids: rows.map((row) => row.id)}),
      onProgress: (event) => progress.push(event),
    });
    const ended = performance.now() - started;
    console.log(
      `remaining: first ${arrivals[0]!.ids.length} rows after ${Math.round(arrivals[0]!.at)} ms, all ${remaining.subscriptions.length} after ${Math.round(ended)} ms, in ${arrivals.length} calls`,
    );
    expect(arrivals).to.have.length(30);
    expect(arrivals.flatMap((arrival) => arrival.ids)).to.deep.equal(
      remaining.subscriptions.map((row) => row.id),
    );
    expect(remaining.subscriptions).to.have.length(3000);
    expect(arrivals[0]!.at).to.be.below(ended / 3);
    expect(progress.at(-1)).to.deep.equal({phase: 'subscriptions', done: 3000, total: 3000});
  });

  it('a cancel from the page stops it in the worker with CANCELLED', async () => {
    const billing = client(newDatabase(), 100);
    const run = await runBeforeSubscriptions(billing, 3000);
    const controller = new AbortController();
    let calls = 0;
    const error = await errorOf(
      billing.remaining(run.id, {
        signal: controller.signal,
        onSubscriptions: () => {
          calls++;
          controller.abort();
        },
      }),
    );
    expect(error.code).to.equal('CANCELLED');
    expect(calls).to.be.within(1, 29);
    expect((await billing.remaining(run.id)).subscriptions).to.have.length(3000);
  });
});

describe('errors cross the worker boundary with a stable code', () => {
  it('refusals are InvoiceRunErrors with code, message and faults', async () => {
    const billing = client();
    const error = await errorOf(
      billing.startRun({periodStart: '2026-02-01', periodEnd: '2026-01-01'}),
    );
    expect(error.code).to.equal('INVALID_PERIOD');
    expect(error.message).to.be.a('string').and.not.equal('');
    const schedule = await errorOf(
      billing.saveSchedule({
        id: 'x',
        cron: 'nope',
        interval: '1m',
        alignment: 'previous',
        invoiceDate: 'end+1',
      }),
    );
    expect(schedule.code).to.equal('INVALID_SCHEDULE');
    expect(schedule.faults.map((fault) => fault.path)).to.include('cron');
    expect((await errorOf(billing.run('missing'))).code).to.equal('RUN_NOT_FOUND');
  });

  it('an invalid import is reported record by record with kind, id and path', async () => {
    const billing = client();
    const report = await billing.import({
      // @ts-expect-error an account without an id, on purpose
      accounts: [{id: 'a1', name: 'Acme'}, {name: 'No id'}],
      subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-02-30'}],
    });
    expect(report.stored).to.equal(1);
    expect(report.rejected.map(({kind, id, path}) => ({kind, id, path}))).to.deep.equal([
      {kind: 'accounts', id: '#1', path: 'id'},
      {kind: 'subscriptions', id: 's1', path: 'startDate'},
    ]);
  });

  it('a full disk gives QUOTA_EXCEEDED and no half-written chunk', async () => {
    const worker = new Worker(new URL('./test-support/fault-worker.ts', import.meta.url), {
      type: 'module',
    });
    const control = wrap<FaultWorker>(worker);
    const billing = client(newDatabase(), 10, worker);
    await billing.import(monthlyDataSet(25));
    await control.setQuotaFault({table: 'subscriptionLedgers', after: 1});
    const error = await errorOf(billing.startRun(JANUARY));
    expect(error.code).to.equal('QUOTA_EXCEEDED');
    await control.setQuotaFault(undefined);
    const [run] = (await billing.runs()).items;
    expect(run!.status).to.equal('failed');
    expect((await billing.invoices(run!.id)).total).to.equal(10);
    expect(run!.counters.invoices).to.equal(10);
  });

  it('a blocked upgrade gives DATABASE_BLOCKED; it works once the other connection closes', async () => {
    const database = newDatabase();
    const holder = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(database, 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const billing = client(database);
    expect((await errorOf(billing.runs())).code).to.equal('DATABASE_BLOCKED');
    holder.close();
    // The open goes on once the other connection has closed: a later call succeeds.
    expect((await retry(() => billing.runs())).total).to.equal(0);
  });

  it('a database upgraded by another tab gives DATABASE_CLOSED', async () => {
    const database = newDatabase();
    const billing = client(database);
    await billing.import(monthlyDataSet(2));
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(database, 1000);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    expect((await errorOf(billing.runs())).code).to.equal('DATABASE_CLOSED');
  });
});

describe('schema upgrade', () => {
  for (const version of [1, 3] as const) {
    it(`the worker opens a database written by version ${version} and finds every record`, async () => {
      const database = newDatabase();
      const writer = client(database);
      await writer.import(monthlyDataSet(30));
      await writer.import(usageDataSet());
      const usage = {...JANUARY, transactionFilters: ['usage']};
      const {run} = await writer.startRun(usage);
      const expected = await allInvoices(writer, run.id);
      expect(expected.flatMap((invoice) => invoice.transactionIds).sort()).to.deep.equal([
        't1',
        't2',
      ]);
      const data = await writer.export();
      await writer.dispose();
      // Rewrite the database as that version wrote it: the same rows, transactions carrying their
      // link (`billed`, `invoiceId`), version 1 invoices without their order key.
      await rewriteAsVersion(database, version);

      const reader = client(database);
      expect(await reader.export()).to.deep.equal(data);
      expect(await allInvoices(reader, run.id)).to.deep.equal(expected);
      expect((await reader.run(run.id)).counters.invoices).to.equal(31);
      expect((await reader.remaining(run.id)).subscriptions).to.deep.equal([]);
      // Billed transactions stay billed, unbilled ones stay unbilled.
      expect((await reader.startRun(usage)).counters.invoices).to.equal(0);
      const february = await reader.startRun({
        periodStart: '2026-02-01',
        periodEnd: '2026-02-28',
        transactionFilters: ['usage'],
      });
      const billed = await allInvoices(reader, february.run.id);
      expect(billed.flatMap((invoice) => invoice.transactionIds)).to.deep.equal(['t3']);
    });
  }
});
