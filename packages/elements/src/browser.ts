/**
 * The build for a page without a bundler (`@invoice-run/elements/browser/invoice-run.js`): one
 * module with Lit and the worker client inside, and the worker beside it. It registers nothing:
 * call `defineElements()` (the default tags) or `defineElements({prefix: 'acme'})`.
 */
export * from './index.js';
export {createInvoiceRunClient, WORKER_ERROR_CODES} from '@invoice-run/worker';
export type {InvoiceRunClient, InvoiceRunClientOptions} from '@invoice-run/worker';
