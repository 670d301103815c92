/**
 * Registration under names of the page's choosing. The default names (`<run-history>`, ...) are
 * generic, and a page that already has another library's `<run-history>` registers ours under
 * other names: `defineElements({prefix: 'acme'})` gives `<acme-run-history>`. The components never
 * name each other by tag: they find their client through context, and an element that renders
 * another one (the history's View Remaining and grid, the grid's explanation and document) asks
 * the registry for the name its class has.
 */
import {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
import {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
import {RemainingPicker} from './remaining-picker/remaining-picker.js';
import {RunHistory} from './run-history/run-history.js';
import {RunSchedules} from './run-schedules/run-schedules.js';
import {defineElement} from './internal/define-element.js';
import {
  defineReviewElement,
  isReviewName,
  loadReviewElements as loadReview,
} from './internal/review-elements.js';
import type {elementClasses} from './element-classes.js';

/** The default tag of an element, which names it in `DefineElementsOptions.names`. */
export type ElementName = keyof typeof elementClasses;

/**
 * The elements registered at once, by default tag; the review elements (the grid, the line
 * explanation, the document) are loaded when first needed.
 */
const eagerClasses = {
  'invoice-run-provider': InvoiceRunProvider,
  'invoice-run-form': InvoiceRunForm,
  'run-history': RunHistory,
  'remaining-picker': RemainingPicker,
  'run-schedules': RunSchedules,
} as const;

/** Every element's default tag, in the order of `elementClasses`. */
const ELEMENT_NAMES: readonly ElementName[] = [
  ...(Object.keys(eagerClasses) as (keyof typeof eagerClasses)[]),
  'invoice-grid',
  'line-explanation',
  'invoice-document',
];

export interface DefineElementsOptions {
  /** Put before every default tag, with a hyphen: `acme` registers `<acme-run-history>`, ... */
  readonly prefix?: string;
  /** A tag of its own for some elements, by default tag; wins over `prefix`. */
  readonly names?: Readonly<Partial<Record<ElementName, string>>>;
}

/**
 * A valid custom element name: lower case, starting with a letter, with a hyphen (the HTML
 * standard also allows some non-ASCII letters, which a prefix has no need of).
 */
const CUSTOM_ELEMENT_NAME = /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/;
const RESERVED = new Set([
  'annotation-xml',
  'color-profile',
  'font-face',
  'font-face-src',
  'font-face-uri',
  'font-face-format',
  'font-face-name',
  'missing-glyph',
]);

/** The tag of each element under `options`, checked before anything is registered. */
export function elementTags(options: DefineElementsOptions = {}): Record<ElementName, string> {
  const {prefix, names = {}} = options;
  if (prefix !== undefined && !/^[a-z][a-z0-9._-]*$/.test(prefix)) {
    throw new TypeError(
      `"${prefix}" is no prefix of custom element names: lower case letters, digits, ".", "_" and "-", starting with a letter.`,
    );
  }
  const tags = {} as Record<ElementName, string>;
  const taken = new Map<string, ElementName>();
  for (const name of ELEMENT_NAMES) {
    const tag = names[name] ?? (prefix === undefined ? name : `${prefix}-${name}`);
    if (!CUSTOM_ELEMENT_NAME.test(tag) || RESERVED.has(tag)) {
      throw new TypeError(
        `<${tag}> is no valid custom element name (for ${name}): lower case, starting with a letter, with a hyphen.`,
      );
    }
    const other = taken.get(tag);
    if (other !== undefined) {
      throw new TypeError(`<${tag}> is given to both ${other} and ${name}.`);
    }
    taken.set(tag, name);
    tags[name] = tag;
  }
  return tags;
}

/**
 * Registers every element, under its default tag or the names in `options`; importing
 * `@invoice-run/elements/define.js` is `defineElements()`. The review elements (`<invoice-grid>`,
 * `<line-explanation>`, `<invoice-document>`) keep their names until they are first needed (a run
 * opened in the history, one of their tags in the document, `loadReviewElements()`), and are
 * loaded and registered under them then. A tag already taken is left to its owner with a console
 * warning that names it (another version of this package, or another library); so is an element
 * whose class already has a name (a class takes one). Returns the tag each element has now (a
 * review element: has or will have), undefined for one that has none. Invalid names throw a
 * `TypeError` before anything is registered.
 */
export function defineElements(
  options: DefineElementsOptions = {},
): Record<ElementName, string | undefined> {
  const tags = elementTags(options);
  const registered = {} as Record<ElementName, string | undefined>;
  for (const name of ELEMENT_NAMES) {
    if (isReviewName(name)) {
      registered[name] = defineReviewElement(name, tags[name]);
      continue;
    }
    const element = eagerClasses[name];
    defineElement(tags[name], element);
    registered[name] = customElements.getName(element) ?? undefined;
  }
  return registered;
}

/**
 * Loads the review elements now, and registers them under the names `defineElements` gave them;
 * resolves once they are registered. Needed only for one of their tags inside a shadow root of
 * the page's own (the elements find a tag in the document, and the history's grid, themselves).
 */
export async function loadReviewElements(): Promise<void> {
  await loadReview();
}
