/**
 * Cron expressions in words for a component: cRonstrue and its texts of the page's language load
 * the first time the component renders, not with the page. The browser loads a module once, so every component that holds one shares it.
 */
import type * as cronModule from './cron.js';
import {languageOf} from './language.js';

type CronModule = typeof cronModule;

export class CronWords {
  private cron: CronModule | undefined;
  /** The languages whose cRonstrue texts are loaded, or loading. */
  private readonly languages = new Map<string, Promise<void>>();
  private readonly loaded = new Set<string>();

  /** Loads what `describe` needs for `locale`; undefined when it is at hand. */
  ready(locale: string): Promise<void> | undefined {
    const language = languageOf(locale);
    if (this.loaded.has(language)) return undefined;
    let loading = this.languages.get(language);
    if (loading === undefined) {
      loading = import('./cron.js').then(async (cron) => {
        await cron.loadCronLanguage(language);
        this.cron = cron;
        this.loaded.add(language);
      });
      // A failed load (the page went offline) is tried again on the next call.
      loading.catch(() => this.languages.delete(language));
      this.languages.set(language, loading);
    }
    return loading;
  }

  /** `cron` in words, or undefined when unreadable or before `ready` has loaded cRonstrue. */
  describe(cron: string, locale: string): string | undefined {
    return this.cron?.describeCron(cron, locale);
  }
}
