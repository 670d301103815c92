/** The modal that asks before a destructive action: `<dialog id="confirm" part="dialog">`. */
import {html, type TemplateResult} from 'lit';

export interface ConfirmDialog {
  readonly heading: string;
  readonly text: string;
  readonly cancel: string;
  readonly confirm: string;
  /** The confirm button's look: `danger` for what cannot be undone, else `primary`. */
  readonly tone: 'danger' | 'primary';
  readonly onConfirm: () => void;
  /** The dialog closed, confirmed or not. */
  readonly onClose: () => void;
}

/** The confirmation dialog; Cancel comes first, so `showModal()` focuses the safe choice. */
export function renderConfirmDialog(dialog: ConfirmDialog): TemplateResult {
  return html`<dialog
    id="confirm"
    part="dialog"
    aria-labelledby="confirm-heading"
    aria-describedby="confirm-text"
    @close=${dialog.onClose}
  >
    <h3 id="confirm-heading">${dialog.heading}</h3>
    <p id="confirm-text">${dialog.text}</p>
    <form method="dialog" class="actions">
      <!-- Cancel comes first: showModal() gives it the focus, the safe choice. -->
      <button value="cancel">${dialog.cancel}</button>
      <button type="button" class=${dialog.tone} part="confirm-button" @click=${dialog.onConfirm}>
        ${dialog.confirm}
      </button>
    </form>
  </dialog>`;
}

/** The confirmation dialog rendered in `root`, if there is one. */
export function confirmDialogIn(root: ParentNode): HTMLDialogElement | null {
  return root.querySelector<HTMLDialogElement>('#confirm');
}
