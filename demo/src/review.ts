/**
 * Reviewing a draft, as the demo does it until the review grid (issue 14) takes it over: the run
 * opened in the history lists its invoices; the chosen one shows as `<invoice-document>` (live,
 * printable) beside a small form that sets a line's quantity and adds a manual line through
 * `client.editDraft`, and `<line-explanation>` says why the chosen line costs what it does.
 */
import type {Invoice} from '@invoice-run/core';
import type {InvoiceRunClient} from '@invoice-run/worker';
import type {InvoiceDocument, LineExplanation} from '@invoice-run/elements';
import {byId, h} from './dom.js';

/** The first invoices of a run the demo lists (the grid will page through all of them). */
const LISTED = 200;

export interface Review {
  /** Lists the invoices of `runId` and shows its first draft. */
  show(runId: string): Promise<void>;
  /** Forgets the run (a new data set). */
  reset(): void;
}

function money(amount: string, currency: string): string {
  const digits = amount.split('.')[1]?.length ?? 0;
  try {
    const format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    // Formatted from the string: exact.
    return (format.format as unknown as (value: string) => string)(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A refusal of the worker in a sentence (its message names the fields it refuses). */
function refusal(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function setUpReview(client: () => InvoiceRunClient): Review {
  const empty = byId('review-empty');
  const body = byId('review-body');
  const runLabel = byId('review-run');
  const invoiceSelect = byId<HTMLSelectElement>('review-invoice');
  const lineSelect = byId<HTMLSelectElement>('review-line');
  const explanation = byId<LineExplanation>('review-explanation');
  const quantityForm = byId<HTMLFormElement>('review-quantity-form');
  const quantity = byId<HTMLInputElement>('review-quantity');
  const addForm = byId<HTMLFormElement>('review-add-form');
  const status = byId('review-status');
  const invoiceDocument = byId<InvoiceDocument>('review-document');
  let current: Invoice | undefined;
  let names = new Map<string, string>();

  function say(text: string): void {
    status.textContent = text;
  }

  function invoiceLabel(invoice: Invoice): string {
    const source = invoice.subscriptionId ?? invoice.recordIds[0] ?? '';
    const state = invoice.status === 'draft' ? 'Draft' : (invoice.number ?? '');
    return [names.get(invoice.accountId) ?? invoice.accountId, source, state]
      .concat(money(invoice.gross, invoice.currency))
      .join(' · ');
  }

  /** The tools follow the invoice as it is now (after an edit, say). */
  function showInvoice(invoice: Invoice, line = Number(lineSelect.value) || 0): void {
    current = invoice;
    const option = [...invoiceSelect.options].find((each) => each.value === invoice.id);
    if (option !== undefined) option.textContent = invoiceLabel(invoice);
    lineSelect.replaceChildren(
      ...invoice.lines.map((each, index) =>
        h('option', {value: String(index)}, `${index + 1}. ${each.description}`),
      ),
    );
    const index = Math.min(line, invoice.lines.length - 1);
    lineSelect.value = String(index);
    explanation.invoice = invoice;
    explanation.lineIndex = index;
    quantity.value = invoice.lines[index]?.quantity ?? '';
    const draft = invoice.status === 'draft';
    for (const control of [...quantityForm.elements, ...addForm.elements]) {
      (control as HTMLInputElement).disabled = !draft;
    }
    if (!draft) say('This invoice is finalized: it can no longer be changed.');
  }

  async function choose(id: string): Promise<void> {
    say('');
    invoiceDocument.invoiceId = id;
    showInvoice(await client().invoice(id), 0);
  }

  async function edit(changes: Parameters<InvoiceRunClient['editDraft']>[1]): Promise<boolean> {
    if (current === undefined) return false;
    try {
      const edited = await client().editDraft(current.id, changes);
      if (edited !== null) showInvoice(edited);
      return true;
    } catch (error) {
      say(`Not changed: ${refusal(error)}`);
      return false;
    }
  }

  invoiceSelect.addEventListener('change', () => void choose(invoiceSelect.value));

  lineSelect.addEventListener('change', () => {
    const index = Number(lineSelect.value);
    explanation.lineIndex = index;
    quantity.value = current?.lines[index]?.quantity ?? '';
  });

  quantityForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const line = Number(lineSelect.value);
    const value = quantity.value.trim();
    if (await edit([{line, set: {quantity: value}}])) {
      say(`Line ${line + 1}: the quantity is ${current?.lines[line]?.quantity ?? value} now.`);
    }
  });

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const field = (name: string) =>
      (addForm.elements.namedItem(name) as HTMLInputElement).value.trim();
    const description = field('description');
    const added = {
      description,
      quantity: field('quantity'),
      unitPrice: field('unitPrice'),
      ...(field('taxRate') === '' ? {} : {taxRate: field('taxRate')}),
    };
    if (!(await edit([{add: added}]))) return;
    // Manual lines come last, in the order they were added: the new one is the last line.
    const index = (current?.lines.length ?? 1) - 1;
    showInvoice(current!, index);
    addForm.reset();
    say(`Added “${description}” as line ${index + 1}.`);
  });

  return {
    async show(runId) {
      const page = await client().invoices(runId, {offset: 0, limit: LISTED});
      const run = await client().run(runId);
      runLabel.textContent = run.config.title ?? runId;
      const accountIds = [...new Set(page.items.map((invoice) => invoice.accountId))];
      names = new Map(
        (await client().accounts(accountIds)).map((account) => [account.id, account.name]),
      );
      empty.hidden = page.items.length > 0;
      body.hidden = page.items.length === 0;
      if (page.items.length === 0) {
        empty.textContent = 'This run has no invoices.';
        return;
      }
      invoiceSelect.replaceChildren(
        ...page.items.map((invoice) => h('option', {value: invoice.id}, invoiceLabel(invoice))),
      );
      const first = page.items.find((invoice) => invoice.status === 'draft') ?? page.items[0]!;
      invoiceSelect.value = first.id;
      await choose(first.id);
    },
    reset() {
      current = undefined;
      body.hidden = true;
      empty.hidden = false;
      empty.textContent = 'Open a run in the run history to review its invoices here.';
      runLabel.textContent = '';
      invoiceDocument.invoiceId = undefined;
      explanation.invoice = undefined;
      say('');
    },
  };
}
