/**
 * Registers the elements under their default tags: `import '@invoice-run/elements/define.js'`.
 * The only module of the package with a side effect; importing it twice, or beside another copy,
 * is harmless. To register them under other names, call `defineElements` of the package instead.
 */
import type {InvoiceDocument} from './invoice-document/invoice-document.js';
import type {InvoiceGrid} from './invoice-grid/invoice-grid.js';
import type {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
import type {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
import type {LineExplanation} from './line-explanation/line-explanation.js';
import type {RemainingPicker} from './remaining-picker/remaining-picker.js';
import type {RunHistory} from './run-history/run-history.js';
import type {RunSchedules} from './run-schedules/run-schedules.js';
import {defineElements} from './registration.js';

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'invoice-run-provider': InvoiceRunProvider;
    'invoice-run-form': InvoiceRunForm;
    'run-history': RunHistory;
    'remaining-picker': RemainingPicker;
    'run-schedules': RunSchedules;
    'invoice-grid': InvoiceGrid;
    'line-explanation': LineExplanation;
    'invoice-document': InvoiceDocument;
  }
}
