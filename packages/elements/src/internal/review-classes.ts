/**
 * The review elements' classes, the module `loadReviewElements` imports on first use. The grid
 * renders the other two, so they come with it.
 */
import {InvoiceDocument} from '../invoice-document/invoice-document.js';
import {InvoiceGrid} from '../invoice-grid/invoice-grid.js';
import {LineExplanation} from '../line-explanation/line-explanation.js';

export const reviewClasses = {
  'invoice-grid': InvoiceGrid,
  'line-explanation': LineExplanation,
  'invoice-document': InvoiceDocument,
} as const;
