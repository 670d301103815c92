import {css} from 'lit';
import {sharedStyles} from '../internal/shared.styles.js';
import {theme} from '../internal/theme.styles.js';

export default [
  sharedStyles,
  css`
    [part~='base'] {
      gap: 0.4rem;
    }

    p {
      margin: 0;
    }

    ol[part~='pieces'] {
      margin: 0;
      padding-inline-start: 1.4rem;
      display: grid;
      gap: 0.2rem;
    }

    li[data-late] .piece-text {
      color: var(--line-explanation-late-color, #92400e);
    }

    .factor {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }

    [part~='line-factor'] {
      font-weight: 600;
    }

    [part~='transactions'] {
      display: grid;
      gap: 0.4rem;
    }

    .transaction-box {
      max-height: var(--line-explanation-transactions-height, 18rem);
      overflow: auto;
    }

    .transaction-box thead th {
      position: sticky;
      top: 0;
      background: ${theme.surface};
    }

    .pager {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
  `,
];
