/**
 * The review elements (`<invoice-grid>`, `<line-explanation>`, `<invoice-document>`) are about
 * 33 kB gzip (`node bench/size.mjs`), and a page that shows the form and the history needs them
 * only once a clerk opens a run. So `defineElements` reserves their names here, and they are
 * loaded and registered under those names the first time they are needed: when `<run-history>`
 * opens a run, when one of the reserved tags appears in the document, or when the page calls
 * `loadReviewElements()` (for a tag it renders inside a shadow root of its own, which the
 * document does not show). A page that has imported the classes already (the package's barrel
 * does) has them registered at once.
 *
 * The custom element registry is one per page, and so are these reservations.
 */
import {defineElement, warnTagTaken} from './define-element.js';
import type {reviewClasses} from './review-classes.js';

/** The review elements' classes by default tag. */
export type ReviewClasses = typeof reviewClasses;
/** The default tag of a review element. */
export type ReviewName = keyof ReviewClasses;

/** The class names, for the warnings given before a class is loaded. */
const CLASS_NAMES: Readonly<Record<ReviewName, string>> = {
  'invoice-grid': 'InvoiceGrid',
  'line-explanation': 'LineExplanation',
  'invoice-document': 'InvoiceDocument',
};

/** The tag `defineElements` gave each review element whose class is not loaded yet. */
const reserved = new Map<ReviewName, string>();
let classes: ReviewClasses | undefined;
let loading: Promise<ReviewClasses> | undefined;
let observer: MutationObserver | undefined;

/** Whether `name` is the default tag of a review element. */
export function isReviewName(name: string): name is ReviewName {
  return Object.hasOwn(CLASS_NAMES, name);
}

function defineReserved(loaded: ReviewClasses): void {
  for (const [name, tag] of reserved) defineElement(tag, loaded[name]);
  reserved.clear();
  observer?.disconnect();
  observer = undefined;
}

/** The classes are at hand (their module was imported): the reserved names are registered now. */
export function provideReviewClasses(given: ReviewClasses): void {
  classes ??= given;
  defineReserved(classes);
}

/**
 * Loads the review elements' module (once) and registers each under the name `defineElements`
 * gave it; resolves with their classes.
 */
export function loadReviewElements(): Promise<ReviewClasses> {
  if (classes !== undefined) return Promise.resolve(classes);
  loading ??= import('./review-classes.js').then(
    (module) => {
      provideReviewClasses(module.reviewClasses);
      return module.reviewClasses;
    },
    (error: unknown) => {
      // Tried again the next time the elements are needed (the page may be back online).
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Whether `root` is, or holds, an element under a reserved name. */
function holdsReserved(root: Element | Document): boolean {
  const selector = [...reserved.values()].join(',');
  if (selector === '') return false;
  return (
    (root instanceof Element && root.matches(selector)) || root.querySelector(selector) !== null
  );
}

function loadNow(): void {
  observer?.disconnect();
  observer = undefined;
  loadReviewElements().catch((error: unknown) => {
    console.error('@invoice-run/elements could not load its review elements.', error);
  });
}

/**
 * Loads the elements as soon as the document holds one of the reserved tags: now, for one the
 * page's markup has already (checked at each reservation), or when one is added.
 */
function watchDocument(): void {
  if (typeof MutationObserver === 'undefined') return;
  if (holdsReserved(document)) {
    loadNow();
    return;
  }
  if (observer !== undefined) return;
  observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && holdsReserved(node)) {
          loadNow();
          return;
        }
      }
    }
  });
  observer.observe(document, {childList: true, subtree: true});
}

/**
 * Gives the review element `name` the tag `tag`: registered at once when its class is loaded,
 * else reserved until it is. Returns the tag the element has (or will have), undefined when it
 * has none: the tag is another element's (with the warning `defineElement` gives).
 */
export function defineReviewElement(name: ReviewName, tag: string): string | undefined {
  if (classes !== undefined) {
    const element = classes[name];
    defineElement(tag, element);
    return customElements.getName(element) ?? undefined;
  }
  const earlier = reserved.get(name);
  if (earlier !== undefined) {
    if (earlier !== tag) {
      console.warn(
        `${CLASS_NAMES[name]} of @invoice-run/elements is already registered as <${earlier}>; a class takes one name, so <${tag}> is not registered. Register the elements once, with the names you want (defineElements).`,
      );
    }
    return earlier;
  }
  const existing = customElements.get(tag);
  if (existing !== undefined) {
    warnTagTaken(tag, existing, CLASS_NAMES[name]);
    return undefined;
  }
  reserved.set(name, tag);
  watchDocument();
  return tag;
}
