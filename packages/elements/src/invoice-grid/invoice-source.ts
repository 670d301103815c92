/**
 * A run's invoices for the grid, read a page at a time and kept live. The first page is small, so
 * the first rows show at once; the rest comes in pages of a thousand, each shown as it arrives,
 * with the names of the accounts it bills. A change of the run's invoices (a run billing into it,
 * another tab finalizing, an edit) reads them again in the background and shows the new list when
 * it is complete.
 *
 * An edit made here shows at once, from what `editDraft` returned; a read that started before the
 * edit cannot bring the old invoice back, because the edit is laid over any list read before it.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {Invoice} from '@invoice-run/core';
import type {InvoiceRunClient, Page} from '@invoice-run/worker';
import {LiveQueryController} from '../internal/live-query.js';

/** The first page: small, so the first rows show at once. */
const FIRST_PAGE = 100;
/** The pages after it: the most one page holds. */
const PAGE = 1000;
/** Accounts are read at most this many at a time. */
const ACCOUNTS = 1000;
/** A burst of changes reads the invoices again once, this long after the first (ms). */
const CHANGE_DELAY = 300;

type SourceArgs = readonly [InvoiceRunClient | undefined, string | undefined];

export class InvoiceSource implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly argsOf: () => SourceArgs;
  private args: SourceArgs | undefined;
  /** Counts loads: a load whose number is not the latest stops and keeps nothing. */
  private generation = 0;
  private loading: Promise<void> | undefined;
  /** A change came while a load was under way: load again when it ends. */
  private again = false;
  /** Edits made here, by invoice id, with the sequence number of the edit. */
  private readonly localEdits = new Map<string, {seq: number; invoice: Invoice | null}>();
  private editSeq = 0;
  private readonly names = new Map<string, string>();
  private readonly askedNames = new Set<string>();
  private waiters: (() => void)[] = [];

  /** The invoices read so far, in the run's order. A new array at every change. */
  invoices: readonly Invoice[] = [];
  /** How many the run has, as the last page read said. */
  total = 0;
  /** Whether every page has been read (after the first load; reloads keep the last list). */
  complete = false;
  /** The failure of the last load, if it failed. */
  error: unknown = undefined;
  /** Goes up whenever account names arrive. */
  namesVersion = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, args: () => SourceArgs) {
    this.host = host;
    this.argsOf = args;
    host.addController(this);
    new LiveQueryController<SourceArgs, Page<Invoice>>(host, {
      args,
      observe: ([client, runId], deliver) =>
        runId === undefined ? undefined : client?.observeInvoices(runId, deliver, {limit: 1}),
      onChange: () => this.reload(),
      changeDelay: CHANGE_DELAY,
    });
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (!this.host.isConnected) return;
    const args = this.argsOf();
    if (this.args !== undefined && args[0] === this.args[0] && args[1] === this.args[1]) return;
    this.reset();
    this.args = args;
    this.reload();
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** The name of an account, once read; its id until then (or when it has no name). */
  accountName(id: string): string {
    const name = this.names.get(id);
    return name === undefined || name === '' ? id : name;
  }

  /** Shows what an edit made here returned (`null`: the draft was deleted) at once. */
  applyLocal(id: string, invoice: Invoice | null): void {
    this.localEdits.set(id, {seq: ++this.editSeq, invoice});
    this.invoices = overlay(this.invoices, new Map([[id, invoice]]));
    this.host.requestUpdate();
  }

  /** Reads the invoices again now; resolves once a read that began after the call is shown. */
  refresh(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.reload();
    return done;
  }

  /** Tries again after a failure. */
  retry(): void {
    this.error = undefined;
    this.reload();
    this.host.requestUpdate();
  }

  private reset(): void {
    this.generation++;
    this.loading = undefined;
    this.again = false;
    this.args = undefined;
    this.invoices = [];
    this.total = 0;
    this.complete = false;
    this.error = undefined;
    this.localEdits.clear();
    this.names.clear();
    this.askedNames.clear();
    this.namesVersion++;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private reload(): void {
    const [client, runId] = this.args ?? [];
    if (client === undefined || runId === undefined) return;
    if (this.loading !== undefined) {
      this.again = true;
      return;
    }
    const generation = this.generation;
    const waiting = this.waiters.splice(0);
    this.loading = this.load(client, runId, generation).finally(() => {
      if (generation !== this.generation) return;
      this.loading = undefined;
      for (const resolve of waiting) resolve();
      if (this.again) {
        this.again = false;
        this.reload();
      }
    });
  }

  private async load(client: InvoiceRunClient, runId: string, generation: number): Promise<void> {
    const first = !this.complete;
    const startSeq = this.editSeq;
    const items: Invoice[] = [];
    let total = Number.POSITIVE_INFINITY;
    try {
      while (items.length < total) {
        const limit = items.length === 0 && first ? FIRST_PAGE : PAGE;
        const page = await client.invoices(runId, {offset: items.length, limit});
        if (generation !== this.generation) return;
        total = page.total;
        if (page.items.length === 0) break;
        for (const invoice of page.items) items.push(invoice);
        void this.readNames(client, page.items, generation);
        if (first) {
          // The first read shows each page as it comes.
          this.invoices = this.withLocalEdits(items.slice(), startSeq);
          this.total = total;
          this.host.requestUpdate();
        }
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error;
      this.host.requestUpdate();
      return;
    }
    this.invoices = this.withLocalEdits(items, startSeq);
    this.total = items.length;
    this.complete = true;
    this.error = undefined;
    // Edits older than this read are in what it read.
    for (const [id, edit] of this.localEdits) if (edit.seq <= startSeq) this.localEdits.delete(id);
    this.host.requestUpdate();
  }

  /** Lays the edits made here since `startSeq` over a list read from the worker. */
  private withLocalEdits(items: readonly Invoice[], startSeq: number): readonly Invoice[] {
    const newer = new Map<string, Invoice | null>();
    for (const [id, edit] of this.localEdits) if (edit.seq > startSeq) newer.set(id, edit.invoice);
    return newer.size === 0 ? items : overlay(items, newer);
  }

  private async readNames(
    client: InvoiceRunClient,
    invoices: readonly Invoice[],
    generation: number,
  ): Promise<void> {
    const ids = [...new Set(invoices.map((invoice) => invoice.accountId))].filter(
      (id) => !this.askedNames.has(id),
    );
    for (const id of ids) this.askedNames.add(id);
    for (let at = 0; at < ids.length; at += ACCOUNTS) {
      const accounts = await client.accounts(ids.slice(at, at + ACCOUNTS)).catch(() => []);
      if (generation !== this.generation) return;
      for (const account of accounts) this.names.set(account.id, account.name);
      this.namesVersion++;
      this.host.requestUpdate();
    }
  }
}

/** `items` with some invoices replaced (or, for `null`, removed), by id. */
function overlay(
  items: readonly Invoice[],
  replacements: ReadonlyMap<string, Invoice | null>,
): readonly Invoice[] {
  const result: Invoice[] = [];
  for (const invoice of items) {
    const replacement = replacements.get(invoice.id);
    if (replacement === undefined) result.push(invoice);
    else if (replacement !== null) result.push(replacement);
  }
  return result;
}
