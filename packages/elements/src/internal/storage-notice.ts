/**
 * Whether the browser may lose the billing data: storage that is not persistent (the browser may
 * clear it when the disk runs low) or nearly full (the next run may not fit). Read from the page's
 * `navigator.storage`, which covers the worker's IndexedDB (one origin, one storage), and shown
 * as one notice by `<invoice-run-provider>` for every component inside it.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {formatCount} from './format.js';

/** What the browser says about this origin's storage; `undefined` where it cannot tell. */
export interface StorageState {
  readonly persisted: boolean | undefined;
  /** Bytes used and available to this origin (`navigator.storage.estimate()`). */
  readonly usage: number | undefined;
  readonly quota: number | undefined;
}

/** The share of the quota from which storage counts as nearly full. */
export const NEARLY_FULL = 0.9;

/** The texts of the storage notice. */
export interface StorageMessages {
  /** Storage is not persistent. */
  notPersistent: string;
  /** The button that asks the browser to keep the data. */
  persist: string;
  /** Storage is nearly full: `used` and `quota` in megabytes, `percent` of the quota. */
  nearlyFull: (used: string, quota: string, percent: string) => string;
}

export const storageMessages: StorageMessages = {
  notPersistent:
    'This browser may delete the billing data when the disk runs low: its storage is not persistent. Export a backup regularly, or let this site keep its data.',
  persist: 'Keep the data on this device',
  nearlyFull: (used, quota, percent) =>
    `The browser's storage for billing is ${percent} % full (${used} of ${quota} MB). Delete old runs or free disk space before the next run.`,
};

/** Reads the state of `storage` (default: the page's); never throws. */
export async function readStorageState(
  storage: StorageManager | undefined = globalThis.navigator?.storage,
): Promise<StorageState> {
  const [persisted, estimate] = await Promise.all([
    storage?.persisted?.().catch(() => undefined),
    storage?.estimate?.().catch(() => undefined),
  ]);
  return {persisted, usage: estimate?.usage, quota: estimate?.quota};
}

/** Asks the browser to keep this origin's storage (best after a click); false when it says no. */
export async function requestPersistence(
  storage: StorageManager | undefined = globalThis.navigator?.storage,
): Promise<boolean> {
  return (await storage?.persist?.().catch(() => false)) ?? false;
}

function nearlyFull(state: StorageState): boolean {
  const {usage, quota} = state;
  return usage !== undefined && quota !== undefined && quota > 0 && usage / quota >= NEARLY_FULL;
}

/** The notice for `state`, or nothing when the data is safe (or the browser cannot tell). */
export function renderStorageNotice(
  state: StorageState | undefined,
  messages: StorageMessages,
  locale: string,
  onPersist: () => void,
): TemplateResult | typeof nothing {
  if (state === undefined) return nothing;
  const full = nearlyFull(state);
  if (state.persisted !== false && !full) return nothing;
  const megabytes = (bytes: number) => formatCount(Math.round(bytes / 2 ** 20), locale);
  return html`<div part="storage-notice" class="notice ${full ? 'error' : ''}" role="status">
    ${
      full
        ? html`<p>
            ${messages.nearlyFull(
              megabytes(state.usage!),
              megabytes(state.quota!),
              formatCount(Math.floor((state.usage! / state.quota!) * 100), locale),
            )}
          </p>`
        : nothing
    }
    ${
      state.persisted === false
        ? html`<p>${messages.notPersistent}</p>
            <button type="button" part="storage-persist" @click=${onPersist}>
              ${messages.persist}
            </button>`
        : nothing
    }
  </div>`;
}
