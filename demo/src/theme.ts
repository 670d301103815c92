/**
 * Light and dark theme: `data-theme` on `<html>` switches the page's palette, and with it the
 * components' `--invoice-run-*` custom properties (styles.css). The choice is remembered; the
 * first visit follows the system setting.
 */
export type Theme = 'light' | 'dark';

const THEME_KEY = 'invoice-run-demo:theme';

function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined;
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  return document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, toggle?: HTMLButtonElement): void {
  document.documentElement.dataset['theme'] = theme;
  if (toggle !== undefined) {
    toggle.setAttribute('aria-pressed', String(theme === 'dark'));
    toggle.title = theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme';
  }
}

/** Applies the remembered (or system) theme and wires the toggle button. */
export function initTheme(toggle: HTMLButtonElement): void {
  applyTheme(storedTheme() ?? systemTheme(), toggle);
  toggle.addEventListener('click', () => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
    applyTheme(next, toggle);
    try {
      localStorage.setItem(THEME_KEY, next);
    } catch {
      // Not remembered; the toggle still works for this visit.
    }
  });
}
