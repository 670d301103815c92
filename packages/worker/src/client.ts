/**
 * The page side: `createInvoiceRunClient` starts the worker and wraps its API with Comlink. Only
 * Comlink and core's error class are loaded here; Dexie and the engine stay in the worker.
 */
import {proxy, releaseProxy, wrap, type Remote} from 'comlink';
import {InvoiceRunError, type RemainingSubscription} from '@invoice-run/core';
import type {
  InvoiceRunApi,
  InvoiceRunClient,
  InvoiceRunWorker,
  JobOptions,
  LiveQuery,
  ProgressListener,
  ServiceSettings,
  Unsubscribe,
} from './api.js';
import {installErrorTransfer} from './errors.js';

export interface InvoiceRunClientOptions extends ServiceSettings {
  /** The IndexedDB database (one per tenant or data set). */
  readonly database: string;
  /**
   * A worker running `@invoice-run/worker/worker.js`, for bundlers that build workers themselves
   * (Vite's `?worker`); default: the package's own module worker.
   */
  readonly worker?: Worker;
  /**
   * How long the worker may take to answer its first call, in milliseconds (default 30000). A
   * worker that does not answer by then (a script that never loads, a host worker whose bundler
   * dropped `@invoice-run/worker/worker.js`) fails every call with `WORKER_FAILED`.
   */
  readonly startTimeoutMs?: number;
  /**
   * Ask the browser to keep this origin's storage (`navigator.storage.persist()`), so it does not
   * clear the billing data when the disk runs low. Default false; the components show whether
   * storage is persistent either way.
   */
  readonly persist?: boolean;
}

const START_TIMEOUT_MS = 30_000;

function ignore(): void {}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The page's origin, or `undefined` where there is none to compare with (no `location`). */
function pageOrigin(): string | undefined {
  return typeof location === 'undefined' ? undefined : location.origin;
}

/**
 * The package's own worker. Browsers refuse `new Worker(url)` for a script of another origin (a
 * CDN, a CRM's static-resource domain) with a SecurityError; such a script is started through a
 * module worker of the page's own origin, made from a blob, that imports it. Its server must allow
 * the page's origin with CORS, as for any module script of another origin, and a
 * Content-Security-Policy must allow `blob:` workers.
 */
function startWorker(database: string): {worker: Worker; crossOrigin: URL | undefined} {
  let crossOrigin: URL | undefined;
  class AnyOriginWorker extends globalThis.Worker {
    constructor(url: URL | string, options?: WorkerOptions) {
      const script = new URL(url, typeof location === 'undefined' ? undefined : location.href);
      const origin = pageOrigin();
      if (origin === undefined || script.origin === origin || script.protocol === 'blob:') {
        super(url, options);
        return;
      }
      crossOrigin = script;
      const source = `import ${JSON.stringify(script.href)};\n`;
      super(URL.createObjectURL(new Blob([source], {type: 'text/javascript'})), options);
    }
  }
  // Named `Worker` so that bundlers see `new Worker(new URL(...))` and emit the worker's script.
  const Worker = AnyOriginWorker;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    type: 'module',
    name: `invoice-run:${database}`,
  });
  return {worker, crossOrigin};
}

/** A client whose every call rejects with `error` (the worker could not even be created). */
function failedClient(error: InvoiceRunError): InvoiceRunClient {
  const client = connectClient(new Promise<InvoiceRunApi>(ignore), ignore);
  client.fail(error);
  return client;
}

/**
 * Starts a worker for `database` and returns its typed client. Every method is async and runs in
 * the worker; errors are `InvoiceRunError`s with a stable `code`. A worker that cannot start, or
 * does not answer within `startTimeoutMs`, fails every call with `WORKER_FAILED`, saying why.
 */
export function createInvoiceRunClient(options: InvoiceRunClientOptions): InvoiceRunClient {
  installErrorTransfer();
  if (options.persist === true) {
    // The browser decides (Chromium by engagement, Firefox may ask); the components show the answer.
    void globalThis.navigator?.storage?.persist?.().catch(ignore);
  }
  let worker: Worker;
  let crossOrigin: URL | undefined;
  try {
    ({worker, crossOrigin} =
      options.worker === undefined
        ? startWorker(options.database)
        : {worker: options.worker, crossOrigin: undefined});
  } catch (error) {
    return failedClient(
      new InvoiceRunError(
        'WORKER_FAILED',
        `The billing worker could not be created (${describe(error)}). Serve @invoice-run/worker from this page's origin, or pass your own worker (the worker option).`,
      ),
    );
  }
  const bootstrap = wrap<InvoiceRunWorker>(worker);
  const settings: ServiceSettings = {
    ...(options.chunkSize === undefined ? {} : {chunkSize: options.chunkSize}),
    ...(options.scheduler === undefined ? {} : {scheduler: {...options.scheduler}}),
  };
  const remote = bootstrap.open(options.database, settings) as unknown as Promise<
    Remote<InvoiceRunApi>
  >;
  let started = false;
  let onFailure: (error: InvoiceRunError) => void = ignore;
  worker.addEventListener('error', (event) => {
    const reason = event.message || 'its script could not be loaded or run';
    const advice =
      crossOrigin === undefined
        ? ''
        : ` Its script comes from another origin (${crossOrigin.origin}): that server must allow this page with CORS (Access-Control-Allow-Origin), and a Content-Security-Policy must allow blob: workers (worker-src blob:); or serve @invoice-run/worker from this page's origin, or pass your own worker (the worker option).`;
    onFailure(
      new InvoiceRunError(
        'WORKER_FAILED',
        started
          ? `The billing worker failed: ${reason}.`
          : `The billing worker could not start: ${reason}.${advice}`,
      ),
    );
  });
  const timeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const timer = setTimeout(() => {
    onFailure(
      new InvoiceRunError(
        'WORKER_FAILED',
        `The billing worker did not answer within ${timeoutMs / 1000} s. ${
          options.worker === undefined
            ? "Check that the page can load the package's worker script."
            : 'Check that your worker imports @invoice-run/worker/worker.js and that the import survives the build (a bundler that believes a module has no side effects drops it, leaving an empty worker).'
        }`,
      ),
    );
    worker.terminate();
  }, timeoutMs);
  void remote.then(
    () => {
      started = true;
      clearTimeout(timer);
    },
    () => clearTimeout(timer),
  );
  const client = connectClient(remote as unknown as Promise<InvoiceRunApi>, () => {
    clearTimeout(timer);
    void remote.then((api) => api[releaseProxy](), ignore);
    bootstrap[releaseProxy]();
    worker.terminate();
  });
  onFailure = client.fail;
  return client;
}

/**
 * A client over an API (a Comlink remote or the in-process service): jobs get a token and an abort
 * listener, callbacks become proxies, and pending calls reject when the connection ends.
 */
export function connectClient(
  connection: Promise<InvoiceRunApi>,
  close: () => void | Promise<void>,
): InvoiceRunClient & {fail(error: InvoiceRunError): void} {
  let failure: InvoiceRunError | undefined;
  const pending = new Set<(error: unknown) => void>();

  function fail(error: InvoiceRunError): void {
    failure ??= error;
    for (const reject of pending) reject(failure);
    pending.clear();
  }

  function call<T>(invoke: (api: InvoiceRunApi) => Promise<T>): Promise<T> {
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      connection
        .then(invoke)
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
  }

  async function job<T>(
    options: JobOptions | undefined,
    invoke: (api: InvoiceRunApi, token: string, onProgress?: ProgressListener) => Promise<T>,
  ): Promise<T> {
    const token = globalThis.crypto.randomUUID();
    const listener = options?.onProgress;
    const onProgress =
      listener === undefined
        ? undefined
        : proxy((progress: Parameters<ProgressListener>[0]) => listener(progress));
    const signal = options?.signal;
    const onAbort = () => void call((api) => api.cancel(token)).catch(ignore);
    signal?.addEventListener('abort', onAbort, {once: true});
    try {
      return await call((api) => {
        const started = invoke(api, token, onProgress);
        // Aborted before the call: the cancel follows the job on the same channel.
        if (signal?.aborted) onAbort();
        return started;
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function observe(query: LiveQuery, listener: (value: never) => void): Unsubscribe {
    let stopped = false;
    const subscription = call((api) => api.observe(query, proxy(listener) as never)).catch(
      () => undefined,
    );
    return () => {
      if (stopped) return;
      stopped = true;
      void subscription
        .then((id) => (id === undefined ? undefined : call((api) => api.unobserve(id))))
        .catch(ignore);
    };
  }

  return {
    fail,
    import: (data) => call((api) => api.import(data)),
    importCsv: (kind, csv) => call((api) => api.importCsv(kind, csv)),
    export: () => call((api) => api.export()),
    exportCsv: (what, runId) => call((api) => api.exportCsv(what, runId)),
    settings: () => call((api) => api.settings()),
    saveSettings: (input) => call((api) => api.saveSettings(input)),
    filters: () => call((api) => api.filters()),
    accounts: (ids) => call((api) => api.accounts(ids)),
    startRun: (config, options) =>
      job(options, (api, token, onProgress) => api.startRun(config, token, onProgress)),
    fireSchedule: (schedule, at, options) =>
      job(options, (api, token, onProgress) => api.fireSchedule(schedule, at, token, onProgress)),
    preview: (config, options) =>
      job(options, (api, token, onProgress) => api.preview(config, token, onProgress)),
    restore: (runId, chosen, options) =>
      job(options, (api, token, onProgress) => api.restore(runId, chosen, token, onProgress)),
    runs: (page) => call((api) => api.runs(page)),
    run: (id) => call((api) => api.run(id)),
    runIssues: (id) => call((api) => api.runIssues(id)),
    invoices: (runId, page) => call((api) => api.invoices(runId, page)),
    invoice: (id) => call((api) => api.invoice(id)),
    finalize: (runId, selection, today) => call((api) => api.finalize(runId, selection, today)),
    deleteDrafts: (runId, selection) => call((api) => api.deleteDrafts(runId, selection)),
    editDraft: (invoiceId, changes, options) =>
      call((api) => api.editDraft(invoiceId, changes, options)),
    lineTransactions: (invoiceId, lineIndex, page) =>
      call((api) => api.lineTransactions(invoiceId, lineIndex, page)),
    remaining: (runId, options) => {
      const listener = options?.onSubscriptions;
      if (listener === undefined) {
        return job(options, (api, token, onProgress) =>
          api.remaining(runId, token, undefined, onProgress),
        );
      }
      // The worker sends each subscription once, to the listener; the result is put back together
      // here from what it received (every call has arrived before the call's result).
      const received: RemainingSubscription[] = [];
      const onSubscriptions = proxy((rows: readonly RemainingSubscription[]) => {
        received.push(...rows);
        listener(rows);
      });
      return job(options, async (api, token, onProgress) => {
        const remaining = await api.remaining(runId, token, onSubscriptions, onProgress);
        return {...remaining, subscriptions: received};
      });
    },
    schedules: () => call((api) => api.schedules()),
    saveSchedule: (schedule, now) => call((api) => api.saveSchedule(schedule, now)),
    deleteSchedule: (id) => call((api) => api.deleteSchedule(id)),
    scheduleOverview: (now) => call((api) => api.scheduleOverview(now)),
    firings: (scheduleId) => call((api) => api.firings(scheduleId)),
    checkSchedules: (now) => call((api) => api.checkSchedules(now)),
    observeRuns: (listener, page) =>
      observe({kind: 'runs', ...(page === undefined ? {} : {page})}, listener),
    observeRun: (id, listener) => observe({kind: 'run', id}, listener),
    observeRemaining: (id, listener) => observe({kind: 'remaining', id}, listener),
    observeInvoices: (runId, listener, page) =>
      observe({kind: 'invoices', runId, ...(page === undefined ? {} : {page})}, listener),
    observeInvoiceChanges: (runId, listener) => observe({kind: 'invoiceChanges', runId}, listener),
    observeCounters: (listener) => observe({kind: 'counters'}, listener),
    async dispose() {
      if (failure?.code === 'WORKER_TERMINATED') return;
      fail(new InvoiceRunError('WORKER_TERMINATED', 'The billing client was disposed.'));
      await close();
    },
  };
}
