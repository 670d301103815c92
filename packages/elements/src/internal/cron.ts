/**
 * A cron expression in words, by cRonstrue in the page's language: English, German (its locale is
 * loaded with `loadCronLanguage('de')`) or any other language whose cRonstrue locale the page has
 * loaded (`import 'cronstrue/locales/fr.js'`); English for the rest. Times follow the locale's
 * clock (`6:00 AM`, `06:00`). An expression cRonstrue cannot read gives `undefined`, and the
 * component shows the expression as written. `<run-schedules>` loads this module on first use
 * (`CronWords`), so a page without schedules never loads cRonstrue.
 */
import cronstrue from 'cronstrue';
import {languageOf} from './language.js';

/** What is used of cRonstrue's class `ExpressionDescriptor`. */
interface Descriptor {
  toString: typeof cronstrue.toString;
  locales: Record<string, unknown>;
}

/**
 * cRonstrue's class. The package is CommonJS with `__esModule`: bundlers hand the default import
 * over as the class itself, Node as the whole `module.exports`, whose `default` is the class.
 */
const imported = cronstrue as unknown as Descriptor | {default: Descriptor};
const descriptor: Descriptor = 'locales' in imported ? imported : imported.default;

/**
 * Loads cRonstrue's texts for `language` when this package brings them (German; a UMD module
 * that registers them with the cRonstrue imported above).
 */
export async function loadCronLanguage(language: string): Promise<void> {
  if (language === 'de') await import('./cron.de.js');
}

/** Whether `locale` writes times of day with 24 hours (`06:00`) rather than AM and PM. */
function uses24Hours(locale: string): boolean {
  const {hourCycle} = new Intl.DateTimeFormat(locale, {hour: 'numeric'}).resolvedOptions();
  return hourCycle === 'h23' || hourCycle === 'h24';
}

/** `0 6 1 * *` in words (`At 06:00 AM, on day 1 of the month`), or `undefined` when unreadable. */
export function describeCron(cron: string, locale: string): string | undefined {
  const language = languageOf(locale);
  try {
    return descriptor.toString(cron.trim(), {
      locale: language in descriptor.locales ? language : 'en',
      use24HourTimeFormat: uses24Hours(locale),
      trimHoursLeadingZero: !uses24Hours(locale),
      throwExceptionOnParseError: true,
    });
  } catch {
    return undefined;
  }
}
