/**
 * The tag an element class is registered under, for a component that renders another one (the
 * history renders the grid): a page may register the classes under names of its own, and the
 * markup must follow. Before the class is registered, its usual tag (which upgrades once it is).
 */
import {unsafeStatic, type StaticValue} from 'lit/static-html.js';

export function tagOf(element: CustomElementConstructor, usual: string): string {
  return customElements.getName(element) ?? usual;
}

/**
 * The tag as a static value for `lit/static-html.js` templates. Lit keeps one template per
 * distinct tag text, so a new value at every render costs nothing.
 */
export function staticTagOf(element: CustomElementConstructor, usual: string): StaticValue {
  return unsafeStatic(tagOf(element, usual));
}
