/**
 * The demo page: a small CRM billing screen around the components, over the public packages
 * only (`@invoice-run/worker` and `@invoice-run/elements`).
 *
 * On the first visit it generates the demo data set and imports it into IndexedDB (with progress);
 * later visits find it there. "Load 50,000 accounts" and "Reset demo data" start over with a new
 * database; the figures count up while it loads, and the large load can be cancelled (the demo
 * data set is then loaded again). The form starts as the README's picture shows it.
 * `window.__demoReady` and `<body data-ready>` say when the data is loaded and the components
 * have rendered (the end-to-end test waits for them).
 */
import {createInvoiceRunClient} from '@invoice-run/worker';
import type {InvoiceRunClient, RunView, Unsubscribe} from '@invoice-run/worker';
import '@invoice-run/elements/define.js';
import {
  DEMO_MONTH,
  DatabaseBlockedError,
  type CountedKind,
  deleteDatabase,
  ensureSeller,
  forgetInfo,
  hasData,
  loadDataSet,
  readInfo,
  type DataSetInfo,
  type DataSetSize,
  type LoadProgress,
} from './demo-data.js';
import {byId, the} from './dom.js';
import {renderSchedules} from './schedules.js';
import {initTheme} from './theme.js';

declare global {
  interface Window {
    /** True once the demo data is loaded and the components have rendered. */
    __demoReady?: boolean;
  }
}

const DATABASE = 'invoice-run-demo';
// The review elements (the history's grid, its explanations and documents) are not waited for:
// they load when a run is first opened.
const TAGS = [
  'invoice-run-provider',
  'invoice-run-form',
  'run-history',
  'remaining-picker',
] as const;

const provider = the('invoice-run-provider');
const form = the('invoice-run-form');
const history = the('run-history');
const picker = the('remaining-picker');
const loading = byId('loading');
const loadingDetail = byId('loading-detail');
const loadingFigures = byId('loading-figures');
const loadingMeter = byId('loading-meter');
const loadingFill = byId('loading-fill');
const alertBox = byId('alert');
const announcer = byId('announcer');
const loadLarge = byId<HTMLButtonElement>('load-large');
const reset = byId<HTMLButtonElement>('reset');
const loadingCancel = byId<HTMLButtonElement>('loading-cancel');

const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
const seconds = new Intl.NumberFormat(document.documentElement.lang || undefined, {
  style: 'unit',
  unit: 'second',
  maximumFractionDigits: 1,
});
const monthName = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
}).format(new Date(`${DEMO_MONTH}-01T00:00:00Z`));

let client: InvoiceRunClient = openClient();
let busy = false;
/** Aborts the load in progress (the large one offers Cancel). */
let loadAbort: AbortController | undefined;

function openClient(): InvoiceRunClient {
  return createInvoiceRunClient({database: DATABASE});
}

function setReady(ready: boolean): void {
  window.__demoReady = ready;
  if (ready) document.body.dataset['ready'] = 'true';
  else delete document.body.dataset['ready'];
}

function setBusy(value: boolean): void {
  busy = value;
  loadLarge.disabled = value;
  reset.disabled = value;
}

function announce(text: string): void {
  announcer.textContent = text;
}

function showAlert(text: string | undefined): void {
  alertBox.hidden = text === undefined;
  alertBox.textContent = text ?? '';
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

// ------------------------------------------------------------------------------------------------
// Loading state

const KIND_NAMES: Record<string, string> = {
  accounts: 'accounts',
  subscriptions: 'subscriptions',
  items: 'subscription items',
  transactions: 'usage transactions',
  records: 'orders',
  filters: 'filters',
};

function showLoading(heading: string, detail: string, cancellable = false): void {
  byId('loading-heading').textContent = heading;
  loadingDetail.textContent = detail;
  loadingFigures.textContent = '';
  setMeter(undefined);
  loadingCancel.hidden = !cancellable;
  loadingCancel.textContent = 'Cancel';
  loading.hidden = false;
  provider.hidden = true;
}

function setMeter(fraction: number | undefined): void {
  if (fraction === undefined) {
    loadingMeter.removeAttribute('aria-valuenow');
    loadingMeter.classList.add('indeterminate');
    loadingFill.style.width = '';
    return;
  }
  const percent = Math.round(fraction * 100);
  loadingMeter.classList.remove('indeterminate');
  loadingMeter.setAttribute('aria-valuenow', String(percent));
  loadingFill.style.width = `${percent}%`;
}

function loadProgress(started: number): (progress: LoadProgress) => void {
  return (progress) => {
    showCounts(progress.imported);
    const elapsed = seconds.format((performance.now() - started) / 1000);
    switch (progress.phase) {
      case 'generating':
        loadingDetail.textContent = 'Generating accounts, subscriptions, usage and orders…';
        setMeter(undefined);
        break;
      case 'importing':
        loadingDetail.textContent = `Importing ${KIND_NAMES[progress.kind ?? ''] ?? progress.kind} into IndexedDB…`;
        setMeter(progress.total === 0 ? undefined : progress.done / progress.total);
        loadingFigures.textContent = `${numbers.format(progress.done)} of ${numbers.format(progress.total)} records · ${elapsed}`;
        break;
      case 'schedule':
      case 'done':
        loadingDetail.textContent = 'Saving the billing schedule…';
        setMeter(1);
        loadingFigures.textContent = `${numbers.format(progress.total)} records · ${elapsed}`;
        break;
    }
  };
}

// ------------------------------------------------------------------------------------------------
// Data set figures

/** The figures of the page (tiles and navigation): the data set's, or what a load has so far. */
function showCounts(counts: Partial<Record<CountedKind, number>> | undefined): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-count]')) {
    const value = counts?.[element.dataset['count'] as CountedKind];
    element.textContent = typeof value === 'number' ? numbers.format(value) : '–';
  }
}

function showInfo(info: DataSetInfo | undefined): void {
  showCounts(info);
  const note = byId('dataset-note');
  if (info === undefined) {
    note.textContent = `Demo data billed in ${monthName}, stored in this browser.`;
    return;
  }
  const size = info.size === 'large' ? 'Large data set' : 'Demo data set';
  note.textContent =
    `${size}, billed in ${monthName}: generated and imported into IndexedDB in ` +
    `${seconds.format(info.duration / 1000)}. Try a run for January 2026.`;
}

// ------------------------------------------------------------------------------------------------
// Components

/**
 * The run that needs completing: an interrupted run that is still the latest of its filter
 * selection (so View Remaining can restore into it). None: View Remaining waits for a run to be
 * picked, rather than open an older run it would have to refuse.
 */
function runToComplete(runs: readonly RunView[]): RunView | undefined {
  const seen = new Set<string>();
  for (const run of runs) {
    // Newest first: the first run of a selection is its latest.
    if (seen.has(run.selectionKey)) continue;
    seen.add(run.selectionKey);
    if (run.interrupted) return run;
  }
  return undefined;
}

let stopPreselect: Unsubscribe | undefined;

/**
 * Until a run is picked, View Remaining shows the run that needs completing, as soon as there is
 * one: a run found interrupted when the page opens, or later (a tab that billed it was closed).
 */
async function preselectRunToComplete(): Promise<void> {
  stopPreselect?.();
  picker.runId = runToComplete((await client.runs({offset: 0, limit: 50})).items)?.id;
  stopPreselect = client.observeRuns(
    (page) => {
      if (picker.runId !== undefined) return;
      const run = runToComplete(page.items);
      if (run !== undefined) picker.runId = run.id;
    },
    {offset: 0, limit: 50},
  );
}

/**
 * The schedules: `<run-schedules>` when the elements package registers it, else a read-only list
 * the demo renders from `client.schedules()`.
 */
async function refreshSchedules(): Promise<void> {
  const container = byId('schedule-list');
  if (customElements.get('run-schedules') !== undefined) {
    if (container.querySelector('run-schedules') === null) {
      byId('schedules-head').hidden = true;
      container.replaceChildren(document.createElement('run-schedules'));
    }
    return;
  }
  const [schedules, filters] = await Promise.all([client.schedules(), client.filters()]);
  renderSchedules(container, schedules, filters);
}

/** Hands the client to the components and waits until they have rendered with it. */
async function attach(info: DataSetInfo | undefined): Promise<void> {
  await Promise.all(TAGS.map((tag) => customElements.whenDefined(tag)));
  provider.client = client;
  await preselectRunToComplete();
  await refreshSchedules();
  showInfo(info);
  loading.hidden = true;
  provider.hidden = false;
  const schedules = document.querySelector('run-schedules');
  await Promise.all(
    [provider, form, history, picker, ...(schedules === null ? [] : [schedules])].map(
      (element) => element.updateComplete,
    ),
  );
  await preselect();
}

/**
 * The form as the README's picture shows it: all subscriptions, metered usage and service orders
 * (the period and title are attributes of the page). Set once the form has the client's filters,
 * so a change of client does not clear it again.
 */
async function preselect(): Promise<void> {
  const ids = new Set((await client.filters()).map((filter) => filter.id));
  const pick = (wanted: readonly string[]) => wanted.filter((id) => ids.has(id));
  form.subscriptionFilter = pick(['all'])[0] ?? null;
  form.transactionFilters = pick(['metering']);
  form.genericFilters = pick(['service-orders']);
  await form.updateComplete;
}

async function bootstrap(): Promise<void> {
  setReady(false);
  setBusy(true);
  showLoading('Opening the billing database…', 'Starting the billing worker.');
  try {
    let info = readInfo();
    if (!(await hasData(client))) {
      const started = performance.now();
      showLoading('Loading demo data…', 'Preparing about 2,000 accounts for the first visit.');
      info = await loadDataSet(client, 'default', loadProgress(started));
      announce('The demo data is loaded.');
    } else {
      // A database of a demo before invoice documents: give it the seller too.
      await ensureSeller(client);
    }
    await attach(info);
    setReady(true);
  } catch (error) {
    loading.hidden = true;
    showAlert(`The demo could not load its data: ${describe(error)}`);
    console.error(error);
  } finally {
    setBusy(false);
  }
}

/** Whether `error` is the abort of the load in progress (its Cancel). */
function isCancel(error: unknown): boolean {
  return loadAbort?.signal.aborted === true && loadAbort.signal.reason === error;
}

/**
 * Replaces the database with a freshly generated data set of `size`. The large one can be
 * cancelled: the demo data set is then loaded again (a half-imported set has no filters to bill
 * with).
 */
async function replaceData(size: DataSetSize): Promise<void> {
  if (busy) return;
  setReady(false);
  setBusy(true);
  showAlert(undefined);
  try {
    const heading = size === 'large' ? 'Loading 50,000 accounts…' : 'Resetting the demo data…';
    const cancelled = !(await loadFresh(size, heading));
    if (cancelled) {
      await loadFresh('default', 'Loading the demo data again…');
      const note = 'Loading 50,000 accounts was cancelled: the demo data set is loaded again.';
      byId('dataset-note').textContent = note;
      announce(note);
    }
    setReady(true);
  } finally {
    loadAbort = undefined;
    setBusy(false);
  }
}

/** One load of `size` into a new database; false when it was cancelled. */
async function loadFresh(size: DataSetSize, heading: string): Promise<boolean> {
  showLoading(heading, 'Clearing the demo database.', size === 'large');
  provider.client = undefined;
  stopPreselect?.();
  stopPreselect = undefined;
  picker.runId = undefined;
  showCounts({accounts: 0, subscriptions: 0, items: 0, transactions: 0, records: 0});
  loadAbort = new AbortController();
  const started = performance.now();
  let open = true;
  try {
    await client.dispose();
    open = false;
    forgetInfo();
    await deleteDatabase(DATABASE);
    client = openClient();
    open = true;
    const info = await loadDataSet(client, size, loadProgress(started), loadAbort.signal);
    loadingCancel.hidden = true;
    await attach(info);
    announce(
      `${numbers.format(info.accounts)} accounts loaded in ${seconds.format(info.duration / 1000)}.`,
    );
    return true;
  } catch (error) {
    if (isCancel(error)) return false;
    if (!(error instanceof DatabaseBlockedError)) console.error(error);
    showAlert(describe(error));
    if (!open) client = openClient();
    await attach(readInfo()).catch(() => undefined);
    return true;
  }
}

// ------------------------------------------------------------------------------------------------
// Confirmation

const confirmDialog = byId<HTMLDialogElement>('confirm');

function confirmAction(heading: string, text: string, ok: string): Promise<boolean> {
  byId('confirm-heading').textContent = heading;
  byId('confirm-text').textContent = text;
  byId('confirm-ok').textContent = ok;
  confirmDialog.returnValue = '';
  confirmDialog.showModal();
  return new Promise((resolve) => {
    confirmDialog.addEventListener('close', () => resolve(confirmDialog.returnValue === 'ok'), {
      once: true,
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Wiring

// The page's title is "Invoice runs" already: the history is the run history here.
history.messages = {heading: 'Run history'};

// Cancel stays enabled (a disabled button would drop the focus); a second press changes nothing.
loadingCancel.addEventListener('click', () => {
  loadingCancel.textContent = 'Cancelling…';
  loadingDetail.textContent = 'Cancelling: the import stops after the current batch.';
  loadAbort?.abort(new DOMException('The load was cancelled.', 'AbortError'));
});

initTheme(byId<HTMLButtonElement>('theme-toggle'));

loadLarge.addEventListener('click', async () => {
  const ok = await confirmAction(
    'Load 50,000 accounts?',
    'This replaces the demo data in this browser with 50,000 accounts, 150,000 subscriptions ' +
      'and their usage and orders (about a million records). Importing them takes a minute or ' +
      'two; runs over them show what the worker can do.',
    'Load 50,000 accounts',
  );
  if (ok) await replaceData('large');
});

reset.addEventListener('click', async () => {
  const ok = await confirmAction(
    'Reset the demo data?',
    'All runs and invoices of the demo are deleted and the original data set of about 2,000 ' +
      'accounts is loaded again.',
    'Reset demo data',
  );
  if (ok) await replaceData('default');
});

// View Remaining follows the run that was opened or just finished; the history's own View
// Remaining button opens it here instead of in a dialog.
provider.addEventListener('run-select', (event) => {
  picker.runId = event.run.id;
});

provider.addEventListener('run-repeat-request', (event) => {
  if (event.mode !== 'remaining') return;
  event.preventDefault();
  picker.runId = event.run.id;
  byId('remaining').scrollIntoView({behavior: 'smooth', block: 'start'});
});

provider.addEventListener('invoice-run-complete', (event) => {
  picker.runId = event.result.run.id;
});

// A schedule's firing names its run: open it in the history.
provider.addEventListener('schedule-run-select', (event) => {
  picker.runId = event.runId;
  void history.showRun(event.runId);
  byId('history').scrollIntoView({behavior: 'smooth', block: 'start'});
});

// The active link of the left navigation follows the section in view.
const links = [...document.querySelectorAll<HTMLAnchorElement>('.sidebar a[href^="#"]')];
for (const link of links) {
  link.addEventListener('click', () => {
    for (const each of links) each.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'page');
  });
}

void bootstrap();
