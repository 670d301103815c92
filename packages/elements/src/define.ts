/**
 * Registers the elements: `import '@invoice-run/elements/define.js'`. The only module of the
 * package with a side effect; importing it twice, or beside another copy, is harmless.
 */
import {InvoiceGrid} from './invoice-grid/invoice-grid.js';
import {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
import {InvoiceDocument} from './invoice-document/invoice-document.js';
import {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
import {LineExplanation} from './line-explanation/line-explanation.js';
import {RemainingPicker} from './remaining-picker/remaining-picker.js';
import {RunHistory} from './run-history/run-history.js';
import {RunSchedules} from './run-schedules/run-schedules.js';
import {defineElement} from './internal/define-element.js';

defineElement('invoice-run-provider', InvoiceRunProvider);
defineElement('invoice-run-form', InvoiceRunForm);
defineElement('run-history', RunHistory);
defineElement('remaining-picker', RemainingPicker);
defineElement('run-schedules', RunSchedules);
defineElement('invoice-grid', InvoiceGrid);
defineElement('line-explanation', LineExplanation);
defineElement('invoice-document', InvoiceDocument);

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
