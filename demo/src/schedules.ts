/**
 * A read-only list of the saved schedules (`client.schedules()`): `@invoice-run/elements` has no
 * schedule component yet, so the demo renders one itself, in words a billing clerk reads.
 */
import type {InvoiceRunClient} from '@invoice-run/worker';
import {h} from './dom.js';

type Schedule = Awaited<ReturnType<InvoiceRunClient['schedules']>>[number];
type Filter = Awaited<ReturnType<InvoiceRunClient['filters']>>[number];

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

/** "0 6 1 * *" → "Monthly on the 1st at 06:00"; anything unusual stays a cron expression. */
export function describeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `Cron ${cron}`;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d+$/.test(minute) || !/^\d+$/.test(hour) || month !== '*') return `Cron ${cron}`;
  const time = `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  if (/^\d+$/.test(dayOfMonth) && dayOfWeek === '*') {
    return `Monthly on the ${ordinal(Number(dayOfMonth))} at ${time}`;
  }
  if (dayOfMonth === '*' && /^[0-7]$/.test(dayOfWeek)) {
    return `Every ${WEEKDAYS[Number(dayOfWeek) % 7]} at ${time}`;
  }
  if (dayOfMonth === '*' && dayOfWeek === '*') return `Daily at ${time}`;
  return `Cron ${cron}`;
}

const UNIT_NAMES: Record<string, [string, string]> = {
  d: ['day', 'days'],
  w: ['week', 'weeks'],
  m: ['month', 'months'],
};

/** "1m" + "previous" → "The previous month"; "16-15" → "The 16th to the 15th". */
export function describePeriod(interval: string, alignment: string): string {
  const units = /^([+-]?)(\d+)([dwm])$/.exec(interval);
  if (units !== null) {
    const count = Number(units[2]);
    const [one, many] = UNIT_NAMES[units[3]!] ?? ['period', 'periods'];
    const span = count === 1 ? one : `${count} ${many}`;
    return `The ${alignment} ${span}`;
  }
  const range = /^(\d+)-(\d+)$/.exec(interval);
  if (range !== null) {
    return `From the ${ordinal(Number(range[1]))} to the ${ordinal(Number(range[2]))} (${alignment})`;
  }
  return `${interval} (${alignment})`;
}

/** "end+1" → "1 day after the period ends"; null → "By each item's billing rules". */
export function describeInvoiceDate(rule: string | null): string {
  if (rule === null) return "By each item's billing rules";
  const match = /^(start|end)([+-])(\d+)$/.exec(rule);
  if (match === null) return rule;
  const edge = match[1] === 'start' ? 'the period starts' : 'the period ends';
  const days = Number(match[3]);
  if (days === 0) return `The day ${edge}`;
  return `${days} day${days === 1 ? '' : 's'} ${match[2] === '+' ? 'after' : 'before'} ${edge}`;
}

function filterNames(ids: readonly string[], byId: ReadonlyMap<string, Filter>): string {
  return ids.map((id) => byId.get(id)?.name ?? id).join(', ');
}

function row(label: string, value: string): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value)];
}

/** Renders the schedules into `container`. */
export function renderSchedules(
  container: HTMLElement,
  schedules: readonly Schedule[],
  filters: readonly Filter[],
): void {
  const byId = new Map(filters.map((filter) => [filter.id, filter]));
  if (schedules.length === 0) {
    container.replaceChildren(h('p', {class: 'empty'}, 'No schedules are saved.'));
    return;
  }
  container.replaceChildren(
    h(
      'ul',
      {class: 'schedule-list'},
      ...schedules.map((schedule) =>
        h(
          'li',
          {class: 'schedule'},
          h(
            'div',
            {class: 'schedule-head'},
            h('h3', {class: 'schedule-name'}, schedule.name),
            h(
              'span',
              {class: `badge ${schedule.enabled ? 'badge-success' : 'badge-muted'}`},
              schedule.enabled ? 'Enabled' : 'Paused',
            ),
          ),
          h('p', {class: 'schedule-when'}, describeCron(schedule.cron)),
          h(
            'dl',
            {class: 'schedule-facts'},
            ...row('Bills', describePeriod(schedule.interval, schedule.alignment)),
            ...row('Invoice date', describeInvoiceDate(schedule.invoiceDate)),
            ...row(
              'Subscriptions',
              schedule.subscriptionFilter === undefined
                ? 'None'
                : filterNames([schedule.subscriptionFilter], byId),
            ),
            ...row(
              'Usage',
              schedule.transactionFilters.length === 0
                ? 'Skipped'
                : filterNames(schedule.transactionFilters, byId),
            ),
            ...row(
              'Other records',
              schedule.genericFilters.length === 0
                ? 'Skipped'
                : filterNames(schedule.genericFilters, byId),
            ),
            ...row('Time zone', schedule.timeZone ?? 'This browser’s'),
          ),
        ),
      ),
    ),
  );
}
