import {LitElement, html, isServer, type PropertyDeclarations, type PropertyValues} from 'lit';
import {ContextProvider} from '@lit/context';
import type {InvoiceRunClient} from '@invoice-run/worker';
import {invoiceRunClientContext} from '../internal/context.js';
import {usableLocale} from '../internal/format.js';
import {Catalogue, afterLoading} from '../internal/language.js';
import {sharedStyles} from '../internal/shared.styles.js';
import {
  readStorageState,
  renderStorageNotice,
  requestPersistence,
  storageMessages,
  type StorageMessages,
  type StorageState,
} from '../internal/storage-notice.js';
import {PACKAGE_VERSION, VERSION} from '../internal/version.js';
import styles from './invoice-run-provider.styles.js';

/**
 * @tagname invoice-run-provider
 * @summary Hands one billing client to every invoice-run component inside it, and says when the
 * browser may lose the billing data.
 *
 * Above its content it shows a notice when this origin's storage is not persistent (the browser
 * may clear it when the disk runs low; a button asks the browser to keep it) or is nearly full. It
 * looks when it is connected and when its client changes; `checkStorage()` looks again.
 *
 * @csspart base - The wrapper around the notice and the slotted content.
 * @csspart storage-notice - The notice about storage that is not persistent or nearly full.
 * @csspart storage-persist - The button that asks the browser to keep the data.
 *
 * @cssproperty --invoice-run-gap - Space inside the components; between the slotted components, twice
 * as much (1.5rem by default).
 *
 * @slot - The components that use the client: `<invoice-run-form>`, `<run-history>`,
 * `<remaining-picker>`, at any depth.
 */
export class InvoiceRunProvider extends LitElement {
  static version = VERSION;
  /** Marks the class as one of this package, for the warnings of `defineElements`. @internal */
  static readonly [PACKAGE_VERSION] = VERSION;
  static override styles = [sharedStyles, styles];

  static override properties: PropertyDeclarations = {
    client: {attribute: false},
    messages: {attribute: false},
    storage: {state: true},
  };

  private readonly provider = new ContextProvider(this, {context: invoiceRunClientContext});

  /** The notice's texts: English at hand, German loaded when the page asks for it. */
  private readonly catalogue = new Catalogue<StorageMessages>(
    storageMessages,
    async () => (await import('../internal/shared.messages.de.js')).storageMessagesDe,
  );

  /** The client from `createInvoiceRunClient` that the components inside use. */
  declare client: InvoiceRunClient | undefined;
  /** Texts of the storage notice to replace. */
  declare messages: Partial<StorageMessages>;
  declare private storage: StorageState | undefined;

  constructor() {
    super();
    this.messages = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.checkStorage();
  }

  /** An update waits for the notice's texts in the page's language (German loads on first use). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return afterLoading(isServer ? undefined : this.catalogue.ready(this.activeLocale), () =>
      super.scheduleUpdate(),
    );
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) {
      this.provider.setValue(this.client);
      if (changed.get('client') !== undefined) void this.checkStorage();
    }
  }

  /** The language of the notice: the closest `lang`. */
  private get activeLocale(): string {
    // A server render (Lit SSR) has no page to read the language from.
    return usableLocale(isServer ? undefined : this.closest('[lang]')?.getAttribute('lang'));
  }

  private async persist(): Promise<void> {
    await requestPersistence();
    await this.checkStorage();
  }

  /** Reads again whether storage is persistent and how full it is, and updates the notice. */
  async checkStorage(): Promise<void> {
    this.storage = await readStorageState();
  }

  override render() {
    const locale = this.activeLocale;
    return html`<div part="base">
      ${renderStorageNotice(
        this.storage,
        {...this.catalogue.for(locale), ...this.messages},
        locale,
        () => void this.persist(),
      )}
      <slot></slot>
    </div>`;
  }
}
