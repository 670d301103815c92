/**
 * A test worker: the real service, with storage failures that a test switches on through
 * `setQuotaFault` (Comlink, on the same worker the client uses).
 */
import {expose, proxy} from 'comlink';
import type {InvoiceRunWorker} from '../api.js';
import {installErrorTransfer} from '../errors.js';
import {InvoiceRunService} from '../service.js';
import {quotaFaults, type FaultPlan, type FaultSwitch} from './faults.js';

installErrorTransfer();

const faults: FaultSwitch = {plan: undefined};

export interface FaultWorker extends InvoiceRunWorker {
  setQuotaFault(plan: FaultPlan | undefined): void;
}

const worker: FaultWorker = {
  open(database, settings = {}) {
    return proxy(new InvoiceRunService({database, ...settings, middleware: [quotaFaults(faults)]}));
  },
  setQuotaFault(plan) {
    faults.plan = plan;
  },
};

expose(worker);
