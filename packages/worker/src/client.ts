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
}

function ignore(): void {}

/**
 * Starts a worker for `database` and returns its typed client. Every method is async and runs in
 * the worker; errors are `InvoiceRunError`s with a stable `code`.
 */
export function createInvoiceRunClient(options: InvoiceRunClientOptions): InvoiceRunClient {
  installErrorTransfer();
  const worker =
    options.worker ??
    new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: `invoice-run:${options.database}`,
    });
  const bootstrap = wrap<InvoiceRunWorker>(worker);
  const settings: ServiceSettings = {
    ...(options.chunkSize === undefined ? {} : {chunkSize: options.chunkSize}),
    ...(options.scheduler === undefined ? {} : {scheduler: {...options.scheduler}}),
  };
  const remote = bootstrap.open(options.database, settings) as unknown as Promise<
    Remote<InvoiceRunApi>
  >;
  let onFailure: (error: InvoiceRunError) => void = ignore;
  worker.addEventListener('error', (event) => {
    onFailure(
      new InvoiceRunError(
        'WORKER_FAILED',
        `The billing worker failed: ${event.message || 'it could not start'}.`,
      ),
    );
  });
  const client = connectClient(remote as unknown as Promise<InvoiceRunApi>, () => {
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
    observeCounters: (listener) => observe({kind: 'counters'}, listener),
    async dispose() {
      if (failure?.code === 'WORKER_TERMINATED') return;
      fail(new InvoiceRunError('WORKER_TERMINATED', 'The billing client was disposed.'));
      await close();
    },
  };
}
