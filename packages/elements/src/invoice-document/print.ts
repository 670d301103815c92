/**
 * Printing one document. The browser's page box (`@page`: paper size, margins, page numbers) can
 * only be set by the page's own style sheets, never from a shadow root, so the document brings a
 * page rule to the page it is on; and `print()` prints a standalone copy of the document in a
 * hidden frame, so nothing of the host page (its navigation, a grid around a dialog) is printed,
 * wherever the document sits.
 */

export interface PageBox {
  /** A CSS page size: `A4`, `letter`, `A4 landscape`; empty: the page decides. */
  readonly size: string;
  /** Text in the bottom right corner of every page; `{page}` and `{pages}` are the counters. */
  readonly counter: string;
  /** Text in the bottom left corner of every page (the invoice number), if any. */
  readonly label?: string;
}

/** A CSS string literal of `text`. */
function cssString(text: string): string {
  return `"${text.replace(/["\\\n\r]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

/** `Page {page} of {pages}` as the `content` of a margin box: strings and counters. */
function counterContent(text: string): string {
  return text
    .split(/(\{pages?\})/)
    .filter((part) => part !== '')
    .map((part) =>
      part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part),
    )
    .join(' ');
}

/** The `@page` rule of a document: A4 with margins, the page number and the label below. */
export function pageRule(box: PageBox): string {
  if (box.size.trim() === '') return '';
  const size = box.size.replace(/[;{}]/g, '');
  const margin = 'font: 8pt system-ui, sans-serif; color: #4b5563;';
  return `@page {
  size: ${size};
  margin: 16mm 16mm 18mm;
  @bottom-right { content: ${counterContent(box.counter)}; ${margin} }
  ${box.label === undefined || box.label === '' ? '' : `@bottom-left { content: ${cssString(box.label)}; ${margin} }`}
}`;
}

/** One style sheet on the page for every connected document: the page rule of the last one. */
const pageSheet = typeof CSSStyleSheet === 'undefined' ? undefined : new CSSStyleSheet();
const holders = new Set<object>();
let heldRule = '';

/** Puts the page rule of a document on the page (replacing the last one's). */
export function holdPageRule(holder: object, rule: string): void {
  if (pageSheet === undefined || typeof document === 'undefined') return;
  holders.add(holder);
  if (rule !== heldRule) {
    pageSheet.replaceSync(rule);
    heldRule = rule;
  }
  if (!document.adoptedStyleSheets.includes(pageSheet)) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  }
}

/** Takes the page rule away once no document is connected any more. */
export function releasePageRule(holder: object): void {
  if (pageSheet === undefined || typeof document === 'undefined') return;
  holders.delete(holder);
  if (holders.size > 0) return;
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== pageSheet);
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[char]!,
  );
}

export interface StandaloneDocument {
  readonly title: string;
  readonly lang: string;
  /** The page rule (`pageRule`). */
  readonly page: string;
  /** The component's styles, for its shadow root. */
  readonly styles: string;
  /** Inline style of the host: the theme's custom properties as the page sets them. */
  readonly hostStyle: string;
  /** The shadow root's markup. */
  readonly content: string;
}

/**
 * A whole HTML page holding the document in a declarative shadow root, so its own styles (`:host`,
 * parts, print rules) apply exactly as on the page. No script: what prints is what was shown.
 */
export function standaloneHtml(doc: StandaloneDocument): string {
  return `<!doctype html>
<html lang="${escapeHtml(doc.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
${doc.page}
html, body { margin: 0; background: #ffffff; }
</style>
</head>
<body>
<div class="invoice-document" style="${escapeHtml(doc.hostStyle)}"><template shadowrootmode="open"><style>${doc.styles.replace(/<\/style/gi, '<\\/style')}</style>${doc.content}</template></div>
</body>
</html>
`;
}

let printing: HTMLIFrameElement | undefined;

/** The element that has the focus, looking into shadow roots. */
function focusedElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

/**
 * Prints a standalone HTML page through a hidden frame and takes the frame away after the print
 * (the browser's print dialog closes it, or the next print does). The focus goes back where it
 * was (the Print button, say): the frame takes it to print.
 */
export async function printHtml(markup: string): Promise<void> {
  printing?.remove();
  const returnTo = focusedElement();
  const frame = document.createElement('iframe');
  printing = frame;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText =
    'position: fixed; right: 0; bottom: 0; width: 0; height: 0; border: 0; opacity: 0; pointer-events: none;';
  const loaded = new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), {once: true});
  });
  frame.srcdoc = markup;
  document.body.append(frame);
  await loaded;
  const view = frame.contentWindow;
  if (view === null) {
    frame.remove();
    return;
  }
  const done = () => {
    if (printing === frame) printing = undefined;
    frame.remove();
  };
  view.addEventListener('afterprint', done, {once: true});
  view.focus();
  view.print();
  // The print dialog has closed (print() waits for it), or the browser prints without one.
  if (returnTo?.isConnected === true) returnTo.focus({preventScroll: true});
}
