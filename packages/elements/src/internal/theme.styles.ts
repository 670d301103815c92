/**
 * The theme: every custom property that all components read, each with its one default. Styles
 * write `${theme.border}`, never `var(--invoice-run-border-color, …)` themselves, so a token
 * cannot get a second default. A property of one component alone (`--run-history-list-height`)
 * is written once, in that component's styles.
 */
import {css} from 'lit';

const border = css`var(--invoice-run-border-color, #6b7280)`;
const gap = css`var(--invoice-run-gap, 0.75rem)`;

export const theme = {
  color: css`var(--invoice-run-color, #1d2330)`,
  fontFamily: css`var(--invoice-run-font-family, inherit)`,
  fontSize: css`var(--invoice-run-font-size, 1rem)`,
  accent: css`var(--invoice-run-accent, #1d4ed8)`,
  onAccent: css`var(--invoice-run-on-accent, #ffffff)`,
  link: css`var(--invoice-run-link-color, #1d4ed8)`,
  danger: css`var(--invoice-run-danger, #b91c1c)`,
  dangerText: css`var(--invoice-run-danger-text, #7f1d1d)`,
  dangerSurface: css`var(--invoice-run-danger-surface, #fef2f2)`,
  /** Borders of controls, boxes and dialogs. */
  border,
  /** Lines between rows and around lists: the border colour, lighter (not a token of its own). */
  divider: css`color-mix(in srgb, ${border} 35%, transparent)`,
  surface: css`var(--invoice-run-surface, #ffffff)`,
  mutedSurface: css`var(--invoice-run-muted-surface, #f3f4f6)`,
  mutedColor: css`var(--invoice-run-muted-color, #4b5563)`,
  focusRing: css`var(--invoice-run-focus-ring, #1d4ed8)`,
  radius: css`var(--invoice-run-radius, 4px)`,
  gap,
  /** Space between the components of a provider: twice the gap inside one. */
  wideGap: css`calc(2 * ${gap})`,
  issuesHeight: css`var(--invoice-run-issues-height, 12rem)`,
};
