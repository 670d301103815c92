/**
 * The page of the browser benchmarks (bench/browser.mjs drives it with playwright-core): it
 * generates the data set in the page, imports it through the public client, runs, and measures
 * the components. Everything is exposed on `window.bench`; every timing is taken in the page.
 */
import {createInvoiceRunClient, type Input, type InvoiceRunClient} from '@invoice-run/worker';
import '@invoice-run/elements/define.js';
import type {DataSetInput, RunConfigInput, StepResult} from '@invoice-run/core';
import {generateDataSet} from '../../demo/src/generate-data.js';

/** One key press in the grid: keydown, focus arrival, the next frame's start and its callback. */
interface KeyPress {
  down: number;
  /** When the grid's handler began (after the keydown waited for the thread, if it did). */
  handled: number;
  key: string;
  focus?: number;
  frame?: number;
  drawn?: number;
}

/** One frame at 60 Hz (ms). */
const FRAME_MS = 1000 / 60;

const KINDS = ['accounts', 'subscriptions', 'items', 'transactions', 'records', 'filters'] as const;
export const RUN_CONFIG = {
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
  subscriptionFilter: 'all',
  transactionFilters: ['metering', 'manual-usage'],
} as const;

let client: InvoiceRunClient | undefined;
/** A ceiling's worker between `prepare...` and `ceilingWrite`. */
let ceilingWorker: Worker | undefined;

/** Sends a ceiling worker one request; resolves with its answer. */
function ask<T>(worker: Worker, message: object): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.onmessage = (event) => {
      if (event.data.ok) resolve(event.data as T);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(message);
  });
}

/** Has a ceiling's worker make its rows (not timed). */
async function prepareCeiling(worker: Worker, request: object): Promise<void> {
  ceilingWorker?.terminate();
  ceilingWorker = worker;
  await ask(worker, {op: 'prepare', ...request});
}
let data: DataSetInput | undefined;
const longTasks: {start: number; duration: number}[] = [];
let observing = false;

function requireClient(): InvoiceRunClient {
  if (client === undefined) throw new Error('open() first');
  return client;
}

function frame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Resolves (ms since `started`) once `found()` is true at a frame; rejects after `timeout`. */
async function until(found: () => boolean, started: number, timeout = 900_000): Promise<number> {
  for (;;) {
    if (found()) return performance.now() - started;
    if (performance.now() - started > timeout) throw new Error('timed out');
    await frame();
  }
}

function shadow(selector: string): ShadowRoot {
  const root = document.querySelector(selector)?.shadowRoot;
  if (root == null) throw new Error(`no ${selector}`);
  return root;
}

const bench = {
  /** Generates the data set in the page (not timed as import). */
  generate(options: {
    subscriptions: number;
    transactions: number;
    records?: number;
    itemsPerSubscription?: number;
  }) {
    const started = performance.now();
    data = generateDataSet({...options, month: '2026-01', seed: 20260101}).data;
    const counts = Object.fromEntries(KINDS.map((kind) => [kind, data?.[kind]?.length ?? 0]));
    return {ms: performance.now() - started, counts};
  },

  async open(database: string) {
    await client?.dispose();
    client = createInvoiceRunClient({database, scheduler: {enabled: false}});
    await client.settings();
  },

  async dispose() {
    await client?.dispose();
    client = undefined;
  },

  /** Drops the page's copy of the generated data set: a page showing a run holds none. */
  forgetData() {
    data = undefined;
  },

  /** Imports the generated data set in batches of `batch` records (one `import` call each). */
  async importData(batch: number, kinds: readonly string[] = KINDS, keep = false) {
    const api = requireClient();
    if (data === undefined) throw new Error('generate() first');
    const byKind: Record<string, number> = {};
    let stored = 0;
    let rejected = 0;
    const started = performance.now();
    for (const kind of KINDS.filter((each) => kinds.includes(each))) {
      const list = data[kind] ?? [];
      const kindStarted = performance.now();
      for (let offset = 0; offset < list.length; offset += batch) {
        const report = await api.import({[kind]: list.slice(offset, offset + batch)});
        stored += report.stored;
        rejected += report.rejected.length;
      }
      byKind[kind] = Math.round(performance.now() - kindStarted);
    }
    const ms = performance.now() - started;
    if (!keep) data = undefined; // the page keeps no copy while the worker bills
    return {ms, stored, rejected, byKindMs: byKind};
  },

  /** `startRun` to completed, from the page; the invoices stored are counted after. */
  async run(config: Input<RunConfigInput> = RUN_CONFIG) {
    const api = requireClient();
    let progressEvents = 0;
    /** When each phase was first reported, ms after the start. */
    const phases: Record<string, number> = {};
    const started = performance.now();
    const result: StepResult = await api.startRun(config, {
      onProgress: (progress) => {
        progressEvents++;
        phases[progress.phase] ??= performance.now() - started;
      },
    });
    const ms = performance.now() - started;
    const stored = (await api.invoices(result.run.id, {limit: 1})).total;
    return {
      ms,
      phases,
      runId: result.run.id,
      status: result.run.status,
      counters: result.counters,
      stored,
      progressEvents,
    };
  },

  /** `client.remaining(runId)` alone: the worker's share of opening the picker. */
  async remaining(runId: string) {
    const started = performance.now();
    const remaining = await requireClient().remaining(runId);
    return {
      ms: performance.now() - started,
      subscriptions: remaining.subscriptions.length,
      records: remaining.records.length,
    };
  },

  /**
   * The import's ceiling beside it, made ready: the generated records, to be stored raw in the
   * same tables and indexes in the same batches (see import-ceiling-worker.ts); `ceilingWrite`
   * writes them. Drops the page's copy.
   */
  prepareImportCeiling(batch: number, kinds: readonly string[] = KINDS) {
    const records = data;
    if (records === undefined) throw new Error('generate() first');
    data = undefined; // the page keeps no copy while the worker bills
    // Vite bundles a worker only where `new Worker(new URL(...))` is written out.
    const worker = new Worker(new URL('./import-ceiling-worker.ts', import.meta.url), {
      type: 'module',
      name: 'import-ceiling',
    });
    return prepareCeiling(worker, {
      database: `import-ceiling-${Date.now()}`,
      data: records,
      kinds: KINDS.filter((kind) => kinds.includes(kind)),
      batch,
    });
  },

  /** `count` invoices as the worker returns them (lines inside), for the ceiling. */
  async sampleInvoices(runId: string, count: number) {
    return (await requireClient().invoices(runId, {offset: 0, limit: count})).items;
  },

  /** The raw bulkPut ceiling of a run, made ready in its own worker (see ceiling-worker.ts). */
  prepareCeiling(samples: unknown[], count: number, perTransaction: number) {
    const worker = new Worker(new URL('./ceiling-worker.ts', import.meta.url), {
      type: 'module',
      name: 'ceiling',
    });
    return prepareCeiling(worker, {
      database: `ceiling-${Date.now()}`,
      samples,
      count,
      perTransaction,
    });
  },

  /** Writes the ceiling made ready (timed in its worker). */
  ceilingWrite() {
    if (ceilingWorker === undefined) throw new Error('prepare a ceiling first');
    return ask<{ms: number; stored: number; lines?: number; byKindMs?: Record<string, number>}>(
      ceilingWorker,
      {op: 'write'},
    );
  },

  /** Deletes the ceiling's database and ends its worker. */
  async ceilingDispose() {
    const worker = ceilingWorker;
    ceilingWorker = undefined;
    if (worker === undefined) return;
    await ask(worker, {op: 'dispose'});
    worker.terminate();
  },

  /**
   * Edits `count` drafts spread over the run, one at a time (line 0's quantity, then back), and
   * times each `editDraft` call from the page: what a clerk waits for.
   */
  async editDrafts(runId: string, count: number) {
    const api = requireClient();
    const total = (await api.invoices(runId, {limit: 1})).total;
    const times: number[] = [];
    for (let n = 0; n < count; n++) {
      const offset = Math.floor(((n + 0.5) * total) / count);
      const [draft] = (await api.invoices(runId, {offset, limit: 1})).items;
      if (draft === undefined || draft.status !== 'draft') continue;
      const quantity = draft.lines[0]!.quantity;
      for (const value of ['7', quantity]) {
        const started = performance.now();
        await api.editDraft(draft.id, [{line: 0, set: {quantity: value}}]);
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    const at = (share: number) =>
      times[Math.min(times.length - 1, Math.floor(share * times.length))]!;
    return {stored: total, edits: times.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: at(1)};
  },

  async deleteDrafts(runId: string, subscriptions?: string[]) {
    const started = performance.now();
    const deleted = await requireClient().deleteDrafts(
      runId,
      subscriptions === undefined ? {} : {subscriptions},
    );
    return {ms: performance.now() - started, deleted};
  },

  /** The components on the page, over the current client. */
  async mount(tags: readonly string[], runFormPeriod = true) {
    const ui = document.getElementById('ui')!;
    const children = tags
      .map((tag) =>
        tag === 'invoice-run-form' && runFormPeriod
          ? `<invoice-run-form period-start="${RUN_CONFIG.periodStart}" period-end="${RUN_CONFIG.periodEnd}"></invoice-run-form>`
          : `<${tag}></${tag}>`,
      )
      .join('');
    ui.innerHTML = `<invoice-run-provider>${children}</invoice-run-provider>`;
    const provider = ui.firstElementChild as HTMLElement & {client?: InvoiceRunClient};
    provider.client = requireClient();
    // The review elements load on first use: wait until every mounted one is defined.
    await Promise.all(
      ['invoice-run-provider', ...tags].map((tag) => customElements.whenDefined(tag)),
    );
    for (const element of ui.querySelectorAll('*')) {
      await (element as {updateComplete?: Promise<unknown>}).updateComplete;
    }
  },

  unmount() {
    document.getElementById('ui')!.innerHTML = '';
  },

  /** Starts recording long tasks (PerformanceObserver `longtask`) from now. */
  observeLongTasks() {
    longTasks.length = 0;
    if (!observing) {
      observing = true;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          longTasks.push({start: entry.startTime, duration: entry.duration});
      }).observe({type: 'longtask', buffered: false});
    }
  },

  longTasks() {
    return [...longTasks];
  },

  /**
   * Benchmark 3: the form starts the run (its transaction filters ticked by the driver), with
   * every component on the page; resolves when the form shows its summary.
   */
  async runFromForm() {
    const element = document.querySelector('invoice-run-form') as HTMLElement & {
      periodStart: string;
      periodEnd: string;
      updateComplete: Promise<unknown>;
    };
    element.periodStart = RUN_CONFIG.periodStart;
    element.periodEnd = RUN_CONFIG.periodEnd;
    const form = shadow('invoice-run-form');
    // The filters arrive from the worker after the first render.
    await until(
      () => form.querySelector('input[name="transactionFilters"]') !== null,
      performance.now(),
      30_000,
    );
    for (const radio of form.querySelectorAll<HTMLInputElement>(
      'input[name="subscriptionFilter"]',
    )) {
      if (radio.value === RUN_CONFIG.subscriptionFilter && !radio.checked) radio.click();
    }
    for (const box of form.querySelectorAll<HTMLInputElement>('input[name="transactionFilters"]')) {
      if (!box.checked) box.click();
    }
    await element.updateComplete;
    await frame();
    bench.observeLongTasks();
    let progressEvents = 0;
    const phases: Record<string, number> = {};
    let started = 0;
    const onProgress = (event: Event) => {
      progressEvents++;
      const {phase} = (event as Event & {progress: {phase: string}}).progress;
      phases[phase] ??= performance.now() - started;
    };
    document.addEventListener('invoice-run-progress', onProgress);
    const completed = new Promise<{ms: number; result: StepResult}>((resolve, reject) => {
      document.addEventListener(
        'invoice-run-complete',
        (event) => {
          const complete = event as Event & {result: StepResult; duration: number};
          resolve({ms: complete.duration, result: complete.result});
        },
        {once: true},
      );
      document.addEventListener(
        'invoice-run-error',
        (event) => reject(new Error(String((event as Event & {code?: string}).code))),
        {once: true},
      );
    });
    started = performance.now();
    form.querySelector<HTMLButtonElement>('[part~="start-button"]')!.click();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => {
        if (progressEvents === 0)
          reject(
            new Error(
              `the form did not start: ${form.textContent?.replace(/\s+/g, ' ').slice(0, 300)}`,
            ),
          );
      }, 30_000),
    );
    const {ms, result} = await Promise.race([completed, timeout]);
    // Let the components take in the last live updates before the long tasks are read.
    await until(
      () => shadow('invoice-run-form').querySelector('[part~="summary"]') !== null,
      started,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    document.removeEventListener('invoice-run-progress', onProgress);
    const stored = (await requireClient().invoices(result.run.id, {limit: 1})).total;
    return {
      ms,
      phases,
      stored,
      runId: result.run.id,
      status: result.run.status,
      counters: result.counters,
      progressEvents,
      longTasks: bench.longTasks(),
    };
  },

  /** Benchmark 4: `<remaining-picker>` for `runId`, from setting the run to its first rows. */
  async pickerFirstRows(runId: string) {
    const picker = document.querySelector('remaining-picker') as HTMLElement & {runId?: string};
    bench.observeLongTasks();
    const started = performance.now();
    picker.runId = runId;
    const rows = () => shadow('remaining-picker').querySelectorAll('[part~="row"]').length;
    const firstRowsMs = await until(() => rows() > 0, started);
    await frame();
    const text =
      shadow('remaining-picker').querySelector('[part~="count"]')?.textContent?.trim() ?? '';
    return {firstRowsMs, renderedRows: rows(), count: text, longTasks: bench.longTasks()};
  },

  /** Benchmark 4: `<run-history>` opening `runId`: first invoice rows, then all pages read. */
  async historyOpen(runId: string, total: number) {
    const history = shadow('run-history');
    const button = await (async () => {
      const started = performance.now();
      await until(
        () => history.querySelector(`[part~="open-button"][data-run="${runId}"]`) !== null,
        started,
        30_000,
      );
      return history.querySelector<HTMLButtonElement>(
        `[part~="open-button"][data-run="${runId}"]`,
      )!;
    })();
    bench.observeLongTasks();
    const started = performance.now();
    button.click();
    const rows = () => history.querySelectorAll('[part~="invoice"]').length;
    const firstRowsMs = await until(() => rows() > 0, started);
    const element = document.querySelector('run-history') as unknown as {
      loadedInvoices?: {items: unknown[]};
    };
    const allMs = await until(() => (element.loadedInvoices?.items.length ?? 0) >= total, started);
    return {firstRowsMs, allMs, renderedRows: rows(), longTasks: bench.longTasks()};
  },

  /**
   * `<invoice-grid>` for `runId`, alone on the page: from setting the run to its first rows, and
   * to every page read (with the accounts' names).
   */
  async gridOpen(runId: string) {
    const grid = document.querySelector('invoice-grid') as HTMLElement & {
      runId?: string;
      complete: boolean;
      invoices: readonly unknown[];
      updateComplete: Promise<unknown>;
    };
    bench.observeLongTasks();
    const started = performance.now();
    grid.runId = runId;
    const rows = () => shadow('invoice-grid').querySelectorAll('[part~="row"]').length;
    const firstRowsMs = await until(() => rows() > 0, started);
    const allMs = await until(() => grid.complete, started);
    await frame();
    const lines = (grid.invoices as {lines: unknown[]}[]).reduce(
      (sum, invoice) => sum + invoice.lines.length,
      0,
    );
    return {
      firstRowsMs,
      allMs,
      invoices: grid.invoices.length,
      lines,
      renderedRows: rows(),
      longTasks: bench.longTasks(),
    };
  },

  /** Shows every invoice's lines (the grid's Show all lines): the time to the drawn rows. */
  async gridShowAllLines() {
    const root = shadow('invoice-grid');
    const button = [...root.querySelectorAll('button')].find(
      (each) => each.textContent?.trim() === 'Show all lines',
    )!;
    bench.observeLongTasks();
    const started = performance.now();
    button.click();
    const ms = await until(() => root.querySelector('[part~="line"]') !== null, started);
    const grid = root.querySelector('[part~="grid"]')!;
    return {ms, rows: Number(grid.getAttribute('aria-rowcount')) - 1, longTasks: bench.longTasks()};
  },

  /** Focuses the grid's active cell (the driver then presses keys). */
  async gridFocus() {
    (document.querySelector('invoice-grid') as HTMLElement).focus();
    await frame();
  },

  /**
   * Times each key press in the grid from now on: from the keydown to the focus arriving on the
   * next cell. A press moved the focus within one frame when the focus arrived before the next
   * frame was drawn (before the animation frame callback the keydown asked for ran) and within
   * one frame's time at 60 Hz (16.7 ms) of the keydown. Also counted, stricter: the focus arrived
   * before the frame's own start time (`requestAnimationFrame`'s argument), which Chromium may
   * set before the keydown when it handles input in the middle of a frame. Long tasks too.
   */
  gridWatchKeys() {
    const presses: KeyPress[] = [];
    (window as {gridPresses?: typeof presses}).gridPresses = presses;
    const root = shadow('invoice-grid');
    root.addEventListener(
      'keydown',
      (event) => {
        if (!(event instanceof KeyboardEvent)) return;
        const press: KeyPress = {
          down: event.timeStamp,
          handled: performance.now(),
          key: `${event.ctrlKey ? 'Control+' : ''}${event.key}`,
        };
        // In a page trace (`--trace-page`), a mark at each key says how long it waited for the thread.
        performance.mark(`key ${press.key} waited ${(press.handled - press.down).toFixed(1)}`);
        presses.push(press);
        requestAnimationFrame((time) => {
          press.frame ??= time;
          press.drawn ??= performance.now();
        });
      },
      {capture: true},
    );
    root.addEventListener('focusin', (event) => {
      const press = presses.at(-1);
      if (press !== undefined) press.focus ??= event.timeStamp;
    });
    bench.observeLongTasks();
  },

  gridKeyStats() {
    const presses = (window as {gridPresses?: KeyPress[]}).gridPresses!;
    const moved = presses.filter((press) => press.focus !== undefined);
    const delays = moved.map((press) => press.focus! - press.down).sort((a, b) => a - b);
    const at = (share: number) =>
      delays[Math.min(delays.length - 1, Math.floor(share * delays.length))];
    return {
      presses: presses.length,
      moved: moved.length,
      withinFrame: moved.filter(
        (press) =>
          press.focus! - press.down <= FRAME_MS &&
          (press.drawn === undefined || press.focus! <= press.drawn),
      ).length,
      beforeFrameStart: moved.filter(
        (press) => press.frame === undefined || press.focus! <= press.frame,
      ).length,
      medianMs: at(0.5) ?? null,
      p95Ms: at(0.95) ?? null,
      /**
       * The presses that took longer than a frame: key, milliseconds, and of them how long the
       * keydown waited for the main thread (busy with earlier work) before the grid saw it.
       */
      slow: moved
        .filter((press) => press.focus! - press.down > FRAME_MS)
        .map(
          (press) =>
            `${press.key} ${(press.focus! - press.down).toFixed(1)} (waited ${(press.handled - press.down).toFixed(1)})`,
        ),
      maxMs: delays.at(-1) ?? null,
      longTasks: bench.longTasks(),
    };
  },

  /** Scrolls the grid by a screenful every frame, `frames` times, down then up. */
  async gridScroll(frames: number) {
    const grid = shadow('invoice-grid').querySelector<HTMLElement>('[part~="grid"]')!;
    bench.observeLongTasks();
    const started = performance.now();
    const gaps: number[] = [];
    let last = performance.now();
    for (let n = 0; n < frames; n++) {
      grid.scrollTop += (n < frames / 2 ? 1 : -1) * grid.clientHeight;
      await frame();
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    gaps.sort((a, b) => a - b);
    return {
      frames,
      ms: performance.now() - started,
      medianFrameMs: gaps[Math.floor(gaps.length / 2)]!,
      maxFrameMs: gaps.at(-1)!,
      longTasks: bench.longTasks(),
    };
  },

  /** How many elements the grid's shadow root holds, and how many of them are rows. */
  gridDomSize() {
    const root = shadow('invoice-grid');
    return {
      elements: root.querySelectorAll('*').length,
      rows: root.querySelectorAll('[role="row"]').length,
      heapMB: Math.round(
        ((performance as {memory?: {usedJSHeapSize: number}}).memory?.usedJSHeapSize ?? 0) / 1e6,
      ),
    };
  },

  /** What the grid shows of its state: the live region and the element holding the focus. */
  gridState() {
    const root = shadow('invoice-grid');
    return {
      announcement: bench.gridAnnouncement(),
      focused: root.activeElement?.outerHTML.slice(0, 300) ?? null,
      editing: root.querySelector('[part~="editor"]')?.outerHTML.slice(0, 300) ?? null,
    };
  },

  /** The grid's live region: what the last edit did. */
  gridAnnouncement() {
    return shadow('invoice-grid').querySelector('[part~="announcer"]')?.textContent?.trim() ?? '';
  },

  /** A subscription id of the generator (`SUB-0000001`...). */
  subscriptionIds(from: number, count: number) {
    return Array.from(
      {length: count},
      (_, index) => `SUB-${String(from + index).padStart(7, '0')}`,
    );
  },

  jsHeapMB() {
    const memory = (performance as {memory?: {usedJSHeapSize: number}}).memory;
    return memory === undefined ? null : memory.usedJSHeapSize / 2 ** 20;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.body.dataset['ready'] = 'true';
