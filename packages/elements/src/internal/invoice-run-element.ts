/**
 * What every component shares: the client (its own `client` property, else the one of the closest
 * `<invoice-run-provider>`), the locale (its own `locale` property, else the `lang` of the closest
 * ancestor, across shadow roots, else the document's) and the package version.
 */
import {LitElement, isServer, type PropertyDeclarations, type PropertyValues} from 'lit';
import {ContextConsumer} from '@lit/context';
import type {InvoiceRunClient} from '@invoice-run/worker';
import {invoiceRunClientContext} from './context.js';
import {NoClientError} from './errors.js';
import {usableLocale} from './format.js';
import {afterLoading} from './language.js';
import {PACKAGE_VERSION, VERSION} from './version.js';

/** Every connected component re-renders when the document's language changes. */
const connected = new Set<LitElement>();
let languageObserver: MutationObserver | undefined;

function watchLanguage(element: LitElement): void {
  connected.add(element);
  if (languageObserver !== undefined || typeof MutationObserver === 'undefined') return;
  languageObserver = new MutationObserver(() => {
    for (const each of connected) each.requestUpdate();
  });
  languageObserver.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
    subtree: true,
  });
}

function closestLang(from: Node): string | undefined {
  let node: Node | null = from;
  while (node !== null) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang !== null && lang !== '') return lang;
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return undefined;
}

export class InvoiceRunElement extends LitElement {
  static version = VERSION;
  /** Marks the class as one of this package, for the warnings of `defineElements`. @internal */
  static readonly [PACKAGE_VERSION] = VERSION;

  static override properties: PropertyDeclarations = {
    client: {attribute: false},
    locale: {type: String, reflect: true},
  };

  private readonly clientFromContext = new ContextConsumer(this, {
    context: invoiceRunClientContext,
    subscribe: true,
  });

  /** The client seen at the last update, to notice when it changes. */
  private lastClient: InvoiceRunClient | undefined;

  /** The client to work with; when unset, the one of the closest `<invoice-run-provider>`. */
  declare client: InvoiceRunClient | undefined;

  /** The language of dates and money (BCP 47); when unset, the closest `lang` of the page. */
  declare locale: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    watchLanguage(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  /**
   * An update waits for what the component's texts in its language need (see `textsReady`), so
   * its first render, and the first after a change of language, already speaks that language.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    // A server render (Lit SSR) runs no updates; nothing is loaded there.
    return afterLoading(isServer ? undefined : this.textsReady(this.activeLocale), () =>
      super.scheduleUpdate(),
    );
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.activeClient;
    if (this.lastClient !== undefined && client !== this.lastClient) this.clientChanged();
    this.lastClient = client;
  }

  /**
   * The client changed or went (another database, a new data set): everything that came from the
   * old one (results, an opened run, a selection, a message) no longer holds. Components drop it
   * here; called during the update, before `render`.
   */
  protected clientChanged(): void {}

  /**
   * Loads what rendering in `locale` needs and is not at hand yet (a German catalogue, loaded on
   * first use); undefined when nothing is missing.
   */
  protected textsReady(_locale: string): Promise<unknown> | undefined {
    return undefined;
  }

  /** Dispatches one of the package's events; false when a listener cancelled it. */
  protected emit(event: Event): boolean {
    return this.dispatchEvent(event);
  }

  /** The client in use: the `client` property, else the provider's. */
  protected get activeClient(): InvoiceRunClient | undefined {
    return this.client ?? this.clientFromContext.value;
  }

  /** The client in use, or a `NoClientError` with `message` (the component's own words). */
  protected requireClient(message: string): InvoiceRunClient {
    const client = this.activeClient;
    if (client === undefined) throw new NoClientError(message);
    return client;
  }

  /** The locale in use. */
  protected get activeLocale(): string {
    // A server render (Lit SSR) has no page to read the language from.
    return usableLocale(this.locale ?? (isServer ? undefined : closestLang(this)));
  }
}
