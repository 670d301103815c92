import {LitElement, html, type PropertyDeclarations, type PropertyValues} from 'lit';
import {ContextProvider} from '@lit/context';
import type {InvoiceRunClient} from '@invoice-run/worker';
import {invoiceRunClientContext} from '../internal/context.js';
import {VERSION} from '../internal/version.js';
import styles from './invoice-run-provider.styles.js';

/**
 * @tagname invoice-run-provider
 * @summary Hands one billing client to every invoice-run component inside it.
 *
 * @csspart base - The wrapper around the slotted content.
 *
 * @cssproperty --invoice-run-gap - Space inside the components; between the slotted components, twice
 * as much (1.5rem by default).
 *
 * @slot - The components that use the client: `<invoice-run-form>`, `<run-history>`,
 * `<remaining-picker>`, at any depth.
 */
export class InvoiceRunProvider extends LitElement {
  static version = VERSION;
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    client: {attribute: false},
  };

  private readonly provider = new ContextProvider(this, {context: invoiceRunClientContext});

  /** The client from `createInvoiceRunClient` that the components inside use. */
  declare client: InvoiceRunClient | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.provider.setValue(this.client);
  }

  override render() {
    return html`<div part="base"><slot></slot></div>`;
  }
}
