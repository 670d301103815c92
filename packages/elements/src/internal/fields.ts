/** The pieces of a form field that its control points at: hint and error ids, the error message. */
import {html, nothing, type TemplateResult} from 'lit';

/** The `aria-describedby` of a control: the ids that are given, or undefined for none. */
export function describedBy(...ids: readonly (string | undefined)[]): string | undefined {
  const given = ids.filter((id) => id !== undefined && id !== '');
  return given.length === 0 ? undefined : given.join(' ');
}

/** A validation message beside its field (`part="field-error"`); nothing without one. */
export function renderFieldError(
  id: string,
  error: string | undefined,
): TemplateResult | typeof nothing {
  return error === undefined
    ? nothing
    : html`<p id=${id} class="field-error" part="field-error">${error}</p>`;
}
