/**
 * Every element class by its default tag (`elementClasses` of the package). It imports the review
 * elements too, so where this module is loaded they need no loading of their own: their names
 * are registered at once (see `internal/review-elements.ts`). `defineElements` does not use it: a
 * page that only registers the elements loads the review elements when they are first needed.
 */
import {InvoiceDocument} from './invoice-document/invoice-document.js';
import {InvoiceGrid} from './invoice-grid/invoice-grid.js';
import {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
import {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
import {RemainingPicker} from './remaining-picker/remaining-picker.js';
import {RunHistory} from './run-history/run-history.js';
import {LineExplanation} from './line-explanation/line-explanation.js';
import {RunSchedules} from './run-schedules/run-schedules.js';
import {provideReviewClasses} from './internal/review-elements.js';

/** Each element class by its default tag, the names `@invoice-run/elements/define.js` registers. */
export const elementClasses = {
  'invoice-run-provider': InvoiceRunProvider,
  'invoice-run-form': InvoiceRunForm,
  'run-history': RunHistory,
  'remaining-picker': RemainingPicker,
  'run-schedules': RunSchedules,
  'invoice-grid': InvoiceGrid,
  'line-explanation': LineExplanation,
  'invoice-document': InvoiceDocument,
} as const;

provideReviewClasses({
  'invoice-grid': InvoiceGrid,
  'line-explanation': LineExplanation,
  'invoice-document': InvoiceDocument,
});
