/**
 * Registers a custom element once. Registering the same class again is a no-op; a tag already
 * taken by another copy of this package (a host page may load two) is left alone, with a warning
 * when that copy is another version.
 */
import {VERSION} from './version.js';

interface Versioned {
  readonly version?: unknown;
}

export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, element);
    return;
  }
  if (existing === element) return;
  const version = (existing as Versioned).version;
  const ours = (element as Versioned).version ?? VERSION;
  if (version !== ours) {
    console.warn(
      `<${tag}> is already registered by ${typeof version === 'string' ? `version ${version}` : 'another copy'} of @invoice-run/elements; version ${String(ours)} is not registered again.`,
    );
  }
}
