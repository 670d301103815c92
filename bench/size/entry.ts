// Benchmark 5: what a page that uses the packages loads on its main thread: the client and the
// elements' define module. Built by bench/size.mjs with Vite in production mode.
import {createInvoiceRunClient} from '@invoice-run/worker';
import '@invoice-run/elements/define.js';

(globalThis as {createInvoiceRunClient?: unknown}).createInvoiceRunClient = createInvoiceRunClient;
