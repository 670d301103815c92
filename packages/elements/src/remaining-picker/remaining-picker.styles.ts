import {css} from 'lit';
import {theme} from '../internal/theme.styles.js';
import {sharedStyles} from '../internal/shared.styles.js';

export default [
  sharedStyles,
  css`
    .search {
      display: inline-flex;
      gap: 0.35rem;
      align-items: center;
    }

    .loading {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem 0.75rem;
      align-items: center;
    }

    .count {
      margin-inline-start: auto;
      font-variant-numeric: tabular-nums;
    }

    .list {
      height: var(--remaining-picker-list-height, 20rem);
      border: 1px solid ${theme.divider};
      border-radius: ${theme.radius};
      container-type: inline-size;
    }

    .row {
      width: 100%;
      border-bottom: 1px solid ${theme.divider};
    }

    .row[data-selected] {
      background: var(--remaining-picker-selected-surface, #eff6ff);
    }

    .row label {
      display: grid;
      grid-template-columns: auto 7rem minmax(6rem, 1fr) minmax(8rem, 1.5fr) minmax(6rem, auto);
      grid-template-areas: 'box kind id account amount';
      gap: 0.5rem;
      align-items: center;
      padding: 0.3rem 0.5rem;
      cursor: pointer;
    }

    .row input {
      grid-area: box;
    }
    .row .kind {
      grid-area: kind;
    }
    .row .id {
      grid-area: id;
    }
    .row .account {
      grid-area: account;
    }
    .row .amount {
      grid-area: amount;
    }

    /* A phone: what the row is and its amount on one line, its id and account below. */
    @container (max-width: 32em) {
      .row label {
        grid-template-columns: auto minmax(0, 1fr) auto;
        grid-template-areas:
          'box kind amount'
          '. id id'
          '. account account';
        gap: 0.1rem 0.5rem;
      }
    }

    .kind {
      color: ${theme.mutedColor};
    }
  `,
];
