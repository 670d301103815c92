/** The context through which `<invoice-run-provider>` hands its client to the components inside. */
import {createContext} from '@lit/context';
import type {InvoiceRunClient} from '@invoice-run/worker';

/** A global symbol, so two copies of this package on one page still find each other's provider. */
export const invoiceRunClientContext = createContext<InvoiceRunClient | undefined>(
  Symbol.for('@invoice-run/elements:client'),
);
