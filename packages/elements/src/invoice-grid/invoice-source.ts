/**
 * A run's invoices for the grid, read a page at a time and kept live. The first page is small, so
 * the first rows show at once; the rest comes in pages of a thousand, each shown as it arrives,
 * with the names of the accounts it bills.
 *
 * It stays current through the worker's change feed (`observeInvoiceChanges`): an invoice that
 * changed (an edit, another tab finalizing one draft, a deletion) comes with the feed and replaces
 * the one shown, and nothing else is read. Only what the feed cannot say invoice by invoice (a run
 * billing into this run, a bulk finalize) reads the whole run again, in the background, and shows
 * it when it is complete.
 *
 * What came one invoice at a time (from the feed, or from `editDraft` here) is laid over any read
 * that began before it, so a read under way cannot bring an old invoice back.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {Invoice} from '@invoice-run/core';
import type {InvoiceChanges, InvoiceRunClient} from '@invoice-run/worker';
import {LiveQueryController} from '../internal/live-query.js';

/** The first page: small, so the first rows show at once (two screenfuls). */
const FIRST_PAGE = 50;
/** The pages after it: the most one page holds. */
const PAGE = 1000;
/** Accounts are read at most this many at a time. */
const ACCOUNTS = 1000;
/** A burst of changes that reads the whole run again reads it once, this long after the first (ms). */
const CHANGE_DELAY = 300;

type SourceArgs = readonly [InvoiceRunClient | undefined, string | undefined];

/** An invoice as it came one at a time (`null`: gone), and when, among such arrivals. */
interface Override {
  readonly seq: number;
  readonly invoice: Invoice | null;
}

export class InvoiceSource implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly argsOf: () => SourceArgs;
  private args: SourceArgs | undefined;
  /** Counts loads: a load whose number is not the latest stops and keeps nothing. */
  private generation = 0;
  private loading: Promise<void> | undefined;
  /** A change came while a load was under way: load again when it ends. */
  private again = false;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** Invoices that came one at a time while a load was under way, by id. */
  private readonly overrides = new Map<string, Override>();
  private seq = 0;
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
    new LiveQueryController<SourceArgs, InvoiceChanges>(host, {
      args,
      observe: ([client, runId], deliver) =>
        runId === undefined ? undefined : client?.observeInvoiceChanges(runId, deliver),
      // The first delivery says the feed is on: what is read from now on misses no change.
      onValue: (changes, first) => (first ? this.reload() : this.take(changes)),
    });
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (!this.host.isConnected) return;
    const args = this.argsOf();
    if (this.args !== undefined && args[0] === this.args[0] && args[1] === this.args[1]) return;
    // The feed starts again for these arguments, and its first delivery reads the run.
    this.reset();
    this.args = args;
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
    this.replace(new Map([[id, invoice]]));
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
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
    this.args = undefined;
    this.invoices = [];
    this.total = 0;
    this.complete = false;
    this.error = undefined;
    this.overrides.clear();
    this.names.clear();
    this.askedNames.clear();
    this.namesVersion++;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** What the change feed delivered after its first delivery. */
  private take(changes: InvoiceChanges): void {
    if (changes.all) {
      this.reloadSoon();
      return;
    }
    const replacements = new Map<string, Invoice | null>();
    for (const invoice of changes.changed) {
      // An edit made here comes back through the feed as it is shown already: nothing to draw.
      if (!this.shows(invoice)) replacements.set(invoice.id, invoice);
    }
    for (const id of changes.removed) replacements.set(id, null);
    if (replacements.size === 0) return;
    const added = this.replace(replacements);
    // An invoice new to the run has a place in its order that only a read of the run tells.
    if (added && this.loading === undefined) this.reloadSoon();
    this.host.requestUpdate();
  }

  /**
   * Puts invoices that came one at a time in place of the ones shown; while a load is under way,
   * also lays them over what it reads. True when one of them is not shown (new to the run, or in
   * a page not read yet).
   */
  private replace(replacements: ReadonlyMap<string, Invoice | null>): boolean {
    if (this.loading !== undefined) {
      const seq = ++this.seq;
      for (const [id, invoice] of replacements) this.overrides.set(id, {seq, invoice});
    }
    const {items, missing} = overlay(this.invoices, replacements);
    this.invoices = items;
    if (this.complete) this.total = items.length;
    return missing;
  }

  /** Whether `invoice` is shown as it is (while no read is under way to bring another copy). */
  private shows(invoice: Invoice): boolean {
    if (this.loading !== undefined) return false;
    const shown = this.invoices.find((each) => each.id === invoice.id);
    return shown !== undefined && JSON.stringify(shown) === JSON.stringify(invoice);
  }

  private reloadSoon(): void {
    if (this.reloadTimer !== undefined) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.reload();
    }, CHANGE_DELAY);
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
      this.overrides.clear();
      for (const resolve of waiting) resolve();
      if (this.again) {
        this.again = false;
        this.reload();
      }
    });
  }

  private async load(client: InvoiceRunClient, runId: string, generation: number): Promise<void> {
    const first = !this.complete;
    const startSeq = this.seq;
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
          this.invoices = this.withOverrides(items.slice(), startSeq).items;
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
    const {items: shown, missing} = this.withOverrides(items, startSeq);
    this.invoices = shown;
    this.total = shown.length;
    this.complete = true;
    this.error = undefined;
    // An invoice that came during the read and is not in it was added after its page was read.
    if (missing) this.again = true;
    this.host.requestUpdate();
  }

  /** Lays the invoices that came one at a time since `startSeq` over a list read from the worker. */
  private withOverrides(items: readonly Invoice[], startSeq: number): ReturnType<typeof overlay> {
    const newer = new Map<string, Invoice | null>();
    for (const [id, override] of this.overrides) {
      if (override.seq > startSeq) newer.set(id, override.invoice);
    }
    return newer.size === 0 ? {items, missing: false} : overlay(items, newer);
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

/**
 * `items` with some invoices replaced (or, for `null`, removed), by id; `missing` when one of the
 * replacements is an invoice that found nothing to replace (a removal that finds nothing is no news).
 */
function overlay(
  items: readonly Invoice[],
  replacements: ReadonlyMap<string, Invoice | null>,
): {items: readonly Invoice[]; missing: boolean} {
  const result: Invoice[] = [];
  let replaced = 0;
  for (const invoice of items) {
    const replacement = replacements.get(invoice.id);
    if (replacement === undefined) result.push(invoice);
    else if (replacement !== null) {
      result.push(replacement);
      replaced++;
    }
  }
  let invoices = 0;
  for (const replacement of replacements.values()) if (replacement !== null) invoices++;
  // An id is in `items` once at most: fewer replaced than there are invoices means one was not.
  return {items: result, missing: replaced < invoices};
}
