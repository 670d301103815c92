/**
 * @invoice-run/worker: the invoice run engine in a Web Worker over IndexedDB. This entry is the
 * page side only (the Comlink client and the API types); the database code loads in the worker.
 */
export {createInvoiceRunClient} from './client.js';
export type {InvoiceRunClientOptions} from './client.js';
export type {
  CsvExport,
  FiredFiring,
  Input,
  InvoiceChanges,
  InvoiceRunApi,
  InvoiceRunClient,
  InvoiceRunWorker,
  InvoiceSelection,
  JobOptions,
  JobProgress,
  LiveListener,
  LiveQuery,
  LiveResults,
  Page,
  PageRequest,
  ProgressListener,
  RemainingListener,
  RemainingOptions,
  RemainingWatch,
  RestoreChoice,
  RunView,
  ScheduleOverview,
  SchedulerCheck,
  SchedulerSettings,
  ServiceSettings,
  Unsubscribe,
  UpcomingFiring,
  WaitingProgress,
} from './api.js';
export {WORKER_ERROR_CODES} from './errors.js';
export type {WorkerErrorCode} from './errors.js';
