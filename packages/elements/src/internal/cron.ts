/**
 * A cron expression in words, for the common shapes a billing schedule has (daily, on working
 * days, weekly, monthly, yearly at one time of day). Anything else is left to the cron text itself:
 * `describeCron` returns `undefined`, and the component shows the expression as written.
 */
import {formatClockTime, formatWeekday} from './format.js';

/** The texts of a cron expression in words; `time`, `weekday`, `day` come formatted. */
export interface CronMessages {
  /** `0 6 * * *`. */
  cronDaily: (time: string) => string;
  /** `0 6 * * 1-5`. */
  cronWorkingDays: (time: string) => string;
  /** `0 6 * * 1`. */
  cronWeekly: (weekday: string, time: string) => string;
  /** `0 6 1 * *`; `day` is the day of the month. */
  cronMonthly: (day: string, time: string) => string;
  /** `0 6 1 1 *`; `date` is the day and month (`January 1`). */
  cronYearly: (date: string, time: string) => string;
}

export const cronMessages: CronMessages = {
  cronDaily: (time) => `Every day at ${time}`,
  cronWorkingDays: (time) => `Monday to Friday at ${time}`,
  cronWeekly: (weekday, time) => `Every ${weekday} at ${time}`,
  cronMonthly: (day, time) => `Monthly on day ${day} at ${time}`,
  cronYearly: (date, time) => `Every year on ${date} at ${time}`,
};

const NUMBER = /^\d{1,2}$/;

function inRange(text: string, low: number, high: number): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return value >= low && value <= high ? value : undefined;
}

/** `0 6 1 * *` in words (`Monthly on day 1 at 6:00 AM`), or `undefined` for other shapes. */
export function describeCron(
  cron: string,
  locale: string,
  messages: CronMessages,
): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minuteText, hourText, dayText, monthText, weekdayText] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  const minute = inRange(minuteText, 0, 59);
  const hour = inRange(hourText, 0, 23);
  if (minute === undefined || hour === undefined) return undefined;
  const time = formatClockTime(hour, minute, locale);
  if (dayText === '*' && monthText === '*') {
    if (weekdayText === '*') return messages.cronDaily(time);
    if (weekdayText === '1-5') return messages.cronWorkingDays(time);
    const weekday = inRange(weekdayText, 0, 7);
    if (weekday === undefined) return undefined;
    return messages.cronWeekly(formatWeekday(weekday === 0 ? 7 : weekday, locale), time);
  }
  if (weekdayText !== '*') return undefined;
  const day = inRange(dayText, 1, 31);
  if (day === undefined) return undefined;
  if (monthText === '*') {
    return messages.cronMonthly(new Intl.NumberFormat(locale).format(day), time);
  }
  const month = inRange(monthText, 1, 12);
  if (month === undefined) return undefined;
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    month: 'long',
    day: 'numeric',
  }).format(Date.UTC(2000, month - 1, day));
  return messages.cronYearly(date, time);
}
