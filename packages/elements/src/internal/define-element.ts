/**
 * Registers a custom element once. Registering the same class again is a no-op. A tag that is
 * already taken is left to its owner, with a warning that names the owner correctly: another copy
 * of this package (only when it is another version: a page may load two copies) or another
 * library's element (ours is then not on the page, so the warning says how to rename ours).
 */
import {PACKAGE_VERSION, VERSION} from './version.js';

interface Versioned {
  readonly [PACKAGE_VERSION]?: unknown;
}

/** The version of @invoice-run/elements a class belongs to; undefined for other libraries. */
function packageVersionOf(element: CustomElementConstructor): unknown {
  return (element as Versioned)[PACKAGE_VERSION];
}

/**
 * Registers `element` under `tag` unless the tag or the class is taken; returns whether `element`
 * is the class of `tag` afterwards.
 */
export function defineElement(tag: string, element: CustomElementConstructor): boolean {
  const existing = customElements.get(tag);
  if (existing === element) return true;
  const ours = packageVersionOf(element) ?? VERSION;
  if (existing === undefined) {
    const registeredAs = customElements.getName(element);
    if (registeredAs !== null && registeredAs !== undefined) {
      console.warn(
        `${element.name} of @invoice-run/elements is already registered as <${registeredAs}>; a class takes one name, so <${tag}> is not registered. Register the elements once, with the names you want (defineElements).`,
      );
      return false;
    }
    customElements.define(tag, element);
    return true;
  }
  warnTagTaken(tag, existing, element.name, ours);
  return false;
}

/**
 * Says that `tag` stays with `existing` and `elementName` (ours, of version `ours`) is not
 * registered under it: naming another library, or another version of this package (the same
 * version loaded twice is no news).
 */
export function warnTagTaken(
  tag: string,
  existing: CustomElementConstructor,
  elementName: string,
  ours: unknown = VERSION,
): void {
  const theirs = packageVersionOf(existing);
  if (theirs === undefined) {
    console.warn(
      `<${tag}> is already registered by another library (class ${existing.name || '(anonymous)'}), not by @invoice-run/elements; ${elementName} is not registered. Register the elements under names of their own: defineElements({prefix: 'acme'}) registers <acme-${tag}>.`,
    );
  } else if (theirs !== ours) {
    console.warn(
      `<${tag}> is already registered by ${typeof theirs === 'string' ? `version ${theirs}` : 'another copy'} of @invoice-run/elements; version ${String(ours)} is not registered again.`,
    );
  }
}
