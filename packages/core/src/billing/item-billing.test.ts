import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {addCoverage} from './coverage.js';
import {toEpochDay, toIsoDate} from '../primitives/dates.js';
import {add, fromInteger, rational, sum, ZERO, type Rational} from '../primitives/decimal.js';
import {activeWindow, isRecurring, planItem} from './item-billing.js';
import type {CoveredSpan, ItemLedger, ItemPlan, RunPeriod} from './item-billing.js';
import {cadence, periodHolding} from './periods.js';
import {itemSchema, subscriptionSchema} from '../records/schemas.js';
import type {Item, Subscription} from '../records/schemas.js';

function subscription(more: Record<string, unknown> = {}): Subscription {
  return subscriptionSchema.parse({
    id: 's1',
    accountId: 'a1',
    number: 'SUB-1',
    startDate: '2025-01-01',
    ...more,
  });
}

function item(more: Record<string, unknown> = {}): Item {
  return itemSchema.parse({
    id: 'i1',
    subscriptionId: 's1',
    description: 'Pro plan',
    billingType: 'recurring',
    unitPrice: '30',
    billingPeriod: {count: 1, unit: 'month'},
    startDate: '2026-01-01',
    ...more,
  });
}

function period(start: string, end: string): RunPeriod {
  return {start: toEpochDay(start), end: toEpochDay(end)};
}

/** A calendar month as a run period: `month('2026-02')`. */
function month(yearMonth: string): RunPeriod {
  const start = toEpochDay(`${yearMonth}-01`);
  const [year = 0, monthNumber = 0] = yearMonth.split('-').map(Number);
  const next =
    monthNumber === 12
      ? `${year + 1}-01-01`
      : `${year}-${String(monthNumber + 1).padStart(2, '0')}-01`;
  return {start, end: toEpochDay(next) - 1};
}

function ledger(billingStart: string | undefined, covered: [string, string][] = []): ItemLedger {
  return {
    itemId: 'i1',
    subscriptionId: 's1',
    ...(billingStart === undefined ? {} : {billingStart}),
    covered: covered.map(([start, end]) => ({start, end})),
  };
}

function factorText(factor: Rational): string {
  return factor.den === 1n ? `${factor.num}` : `${factor.num}/${factor.den}`;
}

type Shown =
  {error: string} | {lines: [string, string, string][]; fixes?: string; unbilledHistory: boolean};

/** The plan written with ISO dates and exact factors (`"17/31"`). */
function show(plan: ItemPlan): Shown {
  if (plan.kind === 'error') return {error: plan.code};
  return {
    lines: plan.lines.map((l) => [toIsoDate(l.start), toIsoDate(l.end), factorText(l.factor)]),
    ...(plan.fixesBillingStart === undefined ? {} : {fixes: plan.fixesBillingStart}),
    unbilledHistory: plan.unbilledHistory,
  };
}

function plan(
  i: Item,
  run: RunPeriod,
  l: ItemLedger | undefined = undefined,
  s: Subscription = subscription(),
): Shown {
  return show(planItem(i, s, l, run));
}

const NOTHING = {lines: [], unbilledHistory: false};

describe('billing start', () => {
  it('starts at the active window on the first run that holds it', () => {
    expect(plan(item(), month('2026-01'))).toEqual({
      lines: [['2026-01-01', '2026-01-31', '1']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
  });

  it('does not bill periods that ended before the first run, and warns', () => {
    expect(plan(item({startDate: '2025-10-01'}), month('2026-03'))).toEqual({
      lines: [['2026-03-01', '2026-03-31', '1']],
      fixes: '2026-03-01',
      unbilledHistory: true,
    });
  });

  it('never cuts the billing period holding the run start in two', () => {
    // anchor Dec 15: the period holding Jan 1 is [Dec 15, Jan 14]; advance also bills [Jan 15, Feb 14]
    expect(plan(item({startDate: '2025-12-15'}), month('2026-01'))).toEqual({
      lines: [['2025-12-15', '2026-02-14', '2']],
      fixes: '2025-12-15',
      unbilledHistory: false,
    });
    expect(plan(item({startDate: '2025-06-15'}), month('2026-01'))).toEqual({
      lines: [['2025-12-15', '2026-02-14', '2']],
      fixes: '2025-12-15',
      unbilledHistory: true,
    });
  });

  it('starts at the window when it begins inside the first period', () => {
    const prorated = item({
      billingType: 'recurring-prorated',
      startDate: '2026-01-15',
      billingAnchor: '2026-01-01',
    });
    expect(plan(prorated, month('2026-01'))).toEqual({
      lines: [['2026-01-15', '2026-01-31', '17/31']],
      fixes: '2026-01-15',
      unbilledHistory: false,
    });
    // the subscription starting later than the item limits the window
    const late = item({billingType: 'recurring-prorated'});
    expect(
      plan(late, month('2026-02'), undefined, subscription({startDate: '2026-02-10'})),
    ).toEqual({
      lines: [['2026-02-10', '2026-02-28', '19/28']],
      fixes: '2026-02-10',
      unbilledHistory: false,
    });
  });

  it('takes the period holding a run start that is not a month start', () => {
    expect(plan(item({startDate: '2025-01-01'}), period('2026-01-10', '2026-02-09'))).toEqual({
      lines: [['2026-01-01', '2026-02-28', '2']],
      fixes: '2026-01-01',
      unbilledHistory: true,
    });
  });

  it('keeps a fixed billing start and catches up from it', () => {
    expect(plan(item({startDate: '2025-01-01'}), month('2026-06'), ledger('2026-01-01'))).toEqual({
      lines: [['2026-01-01', '2026-06-30', '6']],
      unbilledHistory: false,
    });
  });

  it('fixes nothing while nothing is due', () => {
    const future = item({startDate: '2026-03-01'});
    expect(plan(future, month('2026-01'))).toEqual(NOTHING);
    const yearly = item({startDate: '2026-03-15', billingPeriod: {count: 1, unit: 'year'}});
    expect(plan(yearly, month('2026-01'))).toEqual(NOTHING);
    expect(plan(yearly, month('2026-03'))).toEqual({
      lines: [['2026-03-15', '2027-03-14', '1']],
      fixes: '2026-03-15',
      unbilledHistory: false,
    });
  });
});

describe('advance and arrears', () => {
  const monthly = item();
  const arrears = item({billingPractice: 'arrears'});

  it('make no difference when the run period is the billing period', () => {
    expect(plan(monthly, month('2026-01'))).toEqual(plan(arrears, month('2026-01')));
  });

  it('bill a period on its first day in advance and on its last day in arrears', () => {
    const half = period('2026-01-01', '2026-01-15');
    expect(plan(monthly, half)).toEqual({
      lines: [['2026-01-01', '2026-01-31', '1']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
    expect(plan(arrears, half)).toEqual(NOTHING);
    expect(plan(arrears, period('2026-01-01', '2026-01-31'))).toEqual({
      lines: [['2026-01-01', '2026-01-31', '1']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
  });

  it('bill a quarter in monthly runs: in the first month in advance', () => {
    const quarterly = item({billingPeriod: {count: 3, unit: 'month'}});
    expect(plan(quarterly, month('2026-01'))).toEqual({
      lines: [['2026-01-01', '2026-03-31', '3']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
    const billed = ledger('2026-01-01', [['2026-01-01', '2026-03-31']]);
    expect(plan(quarterly, month('2026-02'), billed)).toEqual(NOTHING);
    expect(plan(quarterly, month('2026-03'), billed)).toEqual(NOTHING);
    expect(plan(quarterly, month('2026-04'), billed)).toEqual({
      lines: [['2026-04-01', '2026-06-30', '3']],
      unbilledHistory: false,
    });
  });

  it('bill a quarter in monthly runs: in the third month in arrears', () => {
    const quarterly = item({billingPeriod: {count: 3, unit: 'month'}, billingPractice: 'arrears'});
    expect(plan(quarterly, month('2026-01'))).toEqual(NOTHING);
    expect(plan(quarterly, month('2026-02'))).toEqual(NOTHING);
    expect(plan(quarterly, month('2026-03'))).toEqual({
      lines: [['2026-01-01', '2026-03-31', '3']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
  });

  it('bill an arrears quarter whole when first billed in its third month, with history', () => {
    const quarterly = item({
      startDate: '2025-01-01',
      billingPeriod: {count: 3, unit: 'month'},
      billingPractice: 'arrears',
    });
    expect(plan(quarterly, month('2026-02'))).toEqual(NOTHING);
    expect(plan(quarterly, month('2026-03'))).toEqual({
      lines: [['2026-01-01', '2026-03-31', '3']],
      fixes: '2026-01-01',
      unbilledHistory: true,
    });
  });

  it('bill weeks that start in the run (advance) or end in it (arrears)', () => {
    const weekly = item({startDate: '2026-01-05', billingPeriod: {count: 1, unit: 'week'}});
    expect(plan(weekly, month('2026-01'))).toEqual({
      lines: [['2026-01-05', '2026-02-01', '4']],
      fixes: '2026-01-05',
      unbilledHistory: false,
    });
    expect(plan(item({...weekly, billingPractice: 'arrears'}), month('2026-01'))).toEqual({
      lines: [['2026-01-05', '2026-01-25', '3']],
      fixes: '2026-01-05',
      unbilledHistory: false,
    });
  });

  it('bill n days at a time', () => {
    const tenDays = item({
      billingType: 'recurring-prorated',
      billingPeriod: {count: 10, unit: 'day'},
      endDate: '2026-01-25',
    });
    // [Jan 1..10], [Jan 11..20], [Jan 21..25] of [Jan 21..30]: 10 + 10 + 10·5/10
    expect(plan(tenDays, month('2026-01'))).toEqual({
      lines: [['2026-01-01', '2026-01-25', '25']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
  });
});

describe('catch-up of skipped periods', () => {
  it('bills the skipped periods and the current one as one merged line', () => {
    expect(
      plan(item(), month('2026-04'), ledger('2026-01-01', [['2026-01-01', '2026-01-31']])),
    ).toEqual({
      lines: [['2026-02-01', '2026-04-30', '3']],
      unbilledHistory: false,
    });
  });

  it('bills the periods of deleted drafts again from the fixed billing start', () => {
    expect(plan(item(), month('2026-03'), ledger('2026-01-01'))).toEqual({
      lines: [['2026-01-01', '2026-03-31', '3']],
      unbilledHistory: false,
    });
  });

  it('gives one line per gap between covered spans', () => {
    const covered = ledger('2026-01-01', [
      ['2026-01-01', '2026-01-31'],
      ['2026-03-01', '2026-03-31'],
    ]);
    expect(plan(item(), month('2026-04'), covered)).toEqual({
      lines: [
        ['2026-02-01', '2026-02-28', '1'],
        ['2026-04-01', '2026-04-30', '1'],
      ],
      unbilledHistory: false,
    });
  });
});

describe('covered days cut pieces', () => {
  const prorated = item({billingType: 'recurring-prorated'});
  const recurring = item();

  it('prorates the rest of a period whose start is covered', () => {
    const covered = ledger('2026-01-01', [['2026-01-01', '2026-01-10']]);
    expect(plan(prorated, month('2026-01'), covered)).toEqual({
      lines: [['2026-01-11', '2026-01-31', '21/31']],
      unbilledHistory: false,
    });
    // recurring: the piece does not hold the period's first active day
    expect(plan(recurring, month('2026-01'), covered)).toEqual({
      lines: [['2026-01-11', '2026-01-31', '0']],
      unbilledHistory: false,
    });
  });

  it('bills around a covered span in the middle', () => {
    const covered = ledger('2026-01-01', [['2026-01-10', '2026-01-20']]);
    expect(plan(prorated, month('2026-01'), covered)).toEqual({
      lines: [
        ['2026-01-01', '2026-01-09', '9/31'],
        ['2026-01-21', '2026-01-31', '11/31'],
      ],
      unbilledHistory: false,
    });
    // the rest of January joins February: 11/31 + 1
    expect(plan(prorated, month('2026-02'), covered)).toEqual({
      lines: [
        ['2026-01-01', '2026-01-09', '9/31'],
        ['2026-01-21', '2026-02-28', '42/31'],
      ],
      unbilledHistory: false,
    });
    expect(plan(recurring, month('2026-02'), covered)).toEqual({
      lines: [
        ['2026-01-01', '2026-01-09', '1'],
        ['2026-01-21', '2026-02-28', '1'],
      ],
      unbilledHistory: false,
    });
  });

  it('treats every day before nextServicePeriodStart as covered', () => {
    const fromMarch = item({nextServicePeriodStart: '2026-03-01'});
    expect(plan(fromMarch, month('2026-03'), ledger('2026-01-01'))).toEqual({
      lines: [['2026-03-01', '2026-03-31', '1']],
      unbilledHistory: false,
    });
  });
});

describe('nextServicePeriodStart set by the host', () => {
  it('is the billing start, without a warning', () => {
    const hosted = item({startDate: '2025-01-01', nextServicePeriodStart: '2026-02-01'});
    expect(plan(hosted, month('2026-02'))).toEqual({
      lines: [['2026-02-01', '2026-02-28', '1']],
      fixes: '2026-02-01',
      unbilledHistory: false,
    });
    expect(plan(hosted, month('2026-01'))).toEqual(NOTHING);
  });

  it('beats the run period rule: a first run catches up from it', () => {
    const hosted = item({startDate: '2025-01-01', nextServicePeriodStart: '2026-01-01'});
    expect(plan(hosted, month('2026-04'))).toEqual({
      lines: [['2026-01-01', '2026-04-30', '4']],
      fixes: '2026-01-01',
      unbilledHistory: false,
    });
  });

  it('cuts a period in the middle', () => {
    const prorated = item({
      billingType: 'recurring-prorated',
      nextServicePeriodStart: '2026-02-15',
    });
    expect(plan(prorated, month('2026-02'))).toEqual({
      lines: [['2026-02-15', '2026-02-28', '1/2']],
      fixes: '2026-02-15',
      unbilledHistory: false,
    });
    // recurring: the period's first active day (Feb 1) lies before the host's start
    const recurring = item({nextServicePeriodStart: '2026-02-15'});
    expect(plan(recurring, month('2026-02'))).toEqual({
      lines: [['2026-02-15', '2026-02-28', '0']],
      fixes: '2026-02-15',
      unbilledHistory: false,
    });
  });
});

describe('items ending mid-period', () => {
  const billedToFeb = ledger('2026-01-01', [['2026-01-01', '2026-02-28']]);

  it.each([
    ['recurring-prorated', '20/31'],
    ['recurring', '1'],
    ['recurring-prorated-avg', '48/73'], // 20 · 12/365
  ])('%s bills the last partial period with factor %s', (billingType, factor) => {
    const ending = item({billingType, endDate: '2026-03-20'});
    expect(plan(ending, month('2026-03'), billedToFeb)).toEqual({
      lines: [['2026-03-01', '2026-03-20', factor]],
      unbilledHistory: false,
    });
  });

  it('ends with the subscription too', () => {
    const prorated = item({billingType: 'recurring-prorated'});
    expect(
      plan(prorated, month('2026-03'), billedToFeb, subscription({endDate: '2026-03-20'})),
    ).toEqual({lines: [['2026-03-01', '2026-03-20', '20/31']], unbilledHistory: false});
  });

  it('bills the last piece in arrears once it has ended', () => {
    const ending = item({
      billingType: 'recurring-prorated',
      endDate: '2026-03-20',
      billingPractice: 'arrears',
    });
    expect(plan(ending, period('2026-03-01', '2026-03-15'), billedToFeb)).toEqual(NOTHING);
    expect(plan(ending, period('2026-03-01', '2026-03-20'), billedToFeb)).toEqual({
      lines: [['2026-03-01', '2026-03-20', '20/31']],
      unbilledHistory: false,
    });
    const advance = item({billingType: 'recurring-prorated', endDate: '2026-03-20'});
    expect(plan(advance, period('2026-03-01', '2026-03-15'), billedToFeb)).toEqual({
      lines: [['2026-03-01', '2026-03-20', '20/31']],
      unbilledHistory: false,
    });
  });

  it('bills nothing after the end', () => {
    const ending = item({billingType: 'recurring-prorated', endDate: '2026-03-20'});
    expect(
      plan(ending, month('2026-04'), ledger('2026-01-01', [['2026-01-01', '2026-03-20']])),
    ).toEqual(NOTHING);
  });

  it('bills nothing for an empty window or one that ended before the first run', () => {
    const ended = item({startDate: '2025-06-01', endDate: '2025-12-31'});
    expect(plan(ended, month('2026-01'))).toEqual(NOTHING);
    const beforeSubscription = item({startDate: '2025-01-01', endDate: '2025-12-31'});
    expect(
      plan(
        beforeSubscription,
        month('2026-01'),
        undefined,
        subscription({startDate: '2026-01-01'}),
      ),
    ).toEqual(NOTHING);
  });

  it('follows scenario 02: a mid-month start anchors the periods, the end is prorated', () => {
    const s = subscription({startDate: '2026-01-15', endDate: '2026-03-20'});
    const seats = item({
      billingType: 'recurring-prorated',
      unitPrice: '31.00',
      quantity: '2',
      startDate: '2026-01-15',
    });
    expect(plan(seats, month('2026-01'), undefined, s)).toEqual({
      lines: [['2026-01-15', '2026-02-14', '1']],
      fixes: '2026-01-15',
      unbilledHistory: false,
    });
    expect(
      plan(seats, month('2026-02'), ledger('2026-01-15', [['2026-01-15', '2026-02-14']]), s),
    ).toEqual({
      lines: [['2026-02-15', '2026-03-14', '1']],
      unbilledHistory: false,
    });
    expect(
      plan(seats, month('2026-03'), ledger('2026-01-15', [['2026-01-15', '2026-03-14']]), s),
    ).toEqual({
      lines: [['2026-03-15', '2026-03-20', '6/31']],
      unbilledHistory: false,
    });
  });
});

describe('recurring-prorated-avg', () => {
  it('prorates a first partial month by average days', () => {
    const avg = item({
      billingType: 'recurring-prorated-avg',
      startDate: '2026-01-15',
      billingAnchor: '2026-01-01',
    });
    expect(plan(avg, month('2026-01'))).toEqual({
      lines: [['2026-01-15', '2026-01-31', '204/365']],
      fixes: '2026-01-15',
      unbilledHistory: false,
    });
  });
});

describe('one-time items', () => {
  const once = item({billingType: 'one-time', billingPeriod: undefined, startDate: '2026-01-10'});

  it('is due once, on its start day', () => {
    expect(plan(once, month('2026-01'))).toEqual({
      lines: [['2026-01-10', '2026-01-10', '1']],
      unbilledHistory: false,
    });
    expect(plan(once, month('2026-03'))).toEqual({
      lines: [['2026-01-10', '2026-01-10', '1']],
      unbilledHistory: false,
    });
  });

  it('is not due before its start', () => {
    expect(plan(once, month('2025-12'))).toEqual(NOTHING);
    expect(plan(once, period('2026-01-01', '2026-01-09'))).toEqual(NOTHING);
  });

  it('takes the later of the item and subscription starts', () => {
    const early = item({billingType: 'one-time', startDate: '2025-12-01'});
    const s = subscription({startDate: '2026-01-05'});
    expect(plan(early, month('2025-12'), undefined, s)).toEqual(NOTHING);
    expect(plan(early, month('2026-01'), undefined, s)).toEqual({
      lines: [['2026-01-05', '2026-01-05', '1']],
      unbilledHistory: false,
    });
  });

  it('is never due when it starts after the subscription ends', () => {
    const s = subscription({endDate: '2026-01-31'});
    const late = item({billingType: 'one-time', startDate: '2026-02-01'});
    expect(plan(late, month('2026-02'), undefined, s)).toEqual(NOTHING);
    const onTheLastDay = item({billingType: 'one-time', startDate: '2026-01-31'});
    expect(plan(onTheLastDay, month('2026-02'), undefined, s)).toEqual({
      lines: [['2026-01-31', '2026-01-31', '1']],
      unbilledHistory: false,
    });
  });

  it('is not billed again while its line exists, but again once that draft is deleted', () => {
    expect(
      plan(once, month('2026-02'), ledger('2026-01-10', [['2026-01-10', '2026-01-10']])),
    ).toEqual(NOTHING);
    expect(plan(once, month('2026-02'), ledger('2026-01-10'))).toEqual({
      lines: [['2026-01-10', '2026-01-10', '1']],
      unbilledHistory: false,
    });
  });

  it('is not billed when the host set nextServicePeriodStart', () => {
    const hosted = item({
      billingType: 'one-time',
      startDate: '2026-01-10',
      nextServicePeriodStart: '2026-01-11',
    });
    expect(plan(hosted, month('2026-01'))).toEqual(NOTHING);
  });

  it('bills a start long before the run, without a warning', () => {
    const old = item({billingType: 'one-time', startDate: '2025-06-01'});
    expect(plan(old, month('2026-01'))).toEqual({
      lines: [['2025-06-01', '2025-06-01', '1']],
      unbilledHistory: false,
    });
  });
});

describe('errors and other kinds', () => {
  it.each(['recurring', 'recurring-prorated', 'recurring-prorated-avg'])(
    'reports MISSING_BILLING_PERIOD for a %s item without a billing period',
    (billingType) => {
      expect(plan(item({billingType, billingPeriod: undefined}), month('2026-01'))).toEqual({
        error: 'MISSING_BILLING_PERIOD',
      });
      expect(plan(item({billingType, billingPeriod: null}), month('2026-01'))).toEqual({
        error: 'MISSING_BILLING_PERIOD',
      });
    },
  );

  it('plans nothing for a transactional item', () => {
    expect(
      plan(item({billingType: 'transactional', billingPeriod: undefined}), month('2026-01')),
    ).toEqual(NOTHING);
  });

  it('knows the recurring types', () => {
    expect(
      [
        'one-time',
        'recurring',
        'recurring-prorated',
        'recurring-prorated-avg',
        'transactional',
      ].map((t) => isRecurring(t as Item['billingType'])),
    ).toEqual([false, true, true, true, false]);
  });

  it('computes the active window', () => {
    const window = activeWindow(
      item({startDate: '2026-01-01', endDate: '2026-12-31'}),
      subscription({startDate: '2026-02-01', endDate: '2026-06-30'}),
    );
    expect(window).toEqual({start: toEpochDay('2026-02-01'), end: toEpochDay('2026-06-30')});
    expect(activeWindow(item(), subscription()).end).toBe(Infinity);
  });
});

// ---- properties: consecutive runs bill every day of the window exactly once ----------------------

const PROPERTY_TYPES = ['recurring', 'recurring-prorated'] as const;

const scenarioArb = fc.record({
  billingType: fc.constantFrom(...PROPERTY_TYPES),
  billingPractice: fc.constantFrom('advance', 'arrears'),
  billingPeriod: fc.oneof(
    fc.record({count: fc.integer({min: 1, max: 3}), unit: fc.constant('month')}),
    fc.record({count: fc.integer({min: 1, max: 2}), unit: fc.constant('week')}),
    fc.record({count: fc.integer({min: 3, max: 30}), unit: fc.constant('day')}),
    fc.record({count: fc.constant(1), unit: fc.constant('year')}),
  ),
  anchorOffset: fc.integer({min: -400, max: 0}),
  startOffset: fc.integer({min: 0, max: 365}),
  length: fc.integer({min: 0, max: 500}),
});

const DAY0 = toEpochDay('2026-01-01');

function monthlyRuns(from: string, count: number): RunPeriod[] {
  const runs: RunPeriod[] = [];
  let [year = 0, m = 0] = from.split('-').map(Number);
  for (let i = 0; i < count; i++) {
    runs.push(month(`${year}-${String(m).padStart(2, '0')}`));
    m++;
    if (m === 13) [year, m] = [year + 1, 1];
  }
  return runs;
}

function runAll(i: Item, runs: readonly RunPeriod[]) {
  let state: ItemLedger = {itemId: 'i1', subscriptionId: 's1', covered: []};
  const lines: {start: number; end: number; factor: Rational}[] = [];
  for (const run of runs) {
    const result = planItem(i, subscription(), state, run);
    if (result.kind === 'error') throw new Error(result.code);
    // A plain check: this runs for every run of every case, and vitest's expect is slow.
    if (result.unbilledHistory) throw new Error('unexpected UNBILLED_HISTORY');
    if (result.lines.length === 0) continue;
    lines.push(...result.lines);
    const added: CoveredSpan[] = result.lines.map((l) => ({
      start: toIsoDate(l.start),
      end: toIsoDate(l.end),
    }));
    state = {
      itemId: 'i1',
      subscriptionId: 's1',
      billingStart: state.billingStart ?? result.fixesBillingStart,
      covered: addCoverage(state.covered, added),
    };
  }
  return {lines, state};
}

describe('properties of consecutive runs', () => {
  it('bill every day of the window exactly once, with the factors of a per-day model', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const start = DAY0 + scenario.startOffset;
        const end = start + scenario.length;
        const i = item({
          billingType: scenario.billingType,
          billingPractice: scenario.billingPractice,
          billingPeriod: scenario.billingPeriod,
          startDate: toIsoDate(start),
          endDate: toIsoDate(end),
          billingAnchor: toIsoDate(start + scenario.anchorOffset),
        });
        const monthly = runAll(i, monthlyRuns('2025-12', 37));
        const once = runAll(i, [period('2025-12-01', '2028-12-31')]);

        for (const {lines, state} of [monthly, once]) {
          expect(state.billingStart).toBe(toIsoDate(start));
          // no day twice, every day of the window once
          const days = lines.flatMap((l) =>
            Array.from({length: l.end - l.start + 1}, (_, k) => l.start + k),
          );
          expect(days.length).toBe(end - start + 1);
          expect(new Set(days).size).toBe(days.length);
          expect(Math.min(...days)).toBe(start);
          expect(Math.max(...days)).toBe(end);
        }

        const c = cadence(start + scenario.anchorOffset, scenario.billingPeriod);
        const n = fromInteger(scenario.billingPeriod.count);
        let expected: Rational = ZERO;
        if (scenario.billingType === 'recurring-prorated') {
          // each day is worth n / days of its billing period
          for (let day = start; day <= end; day++) {
            const p = periodHolding(c, day);
            expected = add(
              expected,
              rational(BigInt(scenario.billingPeriod.count), BigInt(p.end - p.start + 1)),
            );
          }
        } else {
          // n for every billing period the window touches
          let day = start;
          while (day <= end) {
            expected = add(expected, n);
            day = periodHolding(c, day).end + 1;
          }
        }
        expect(sum(monthly.lines.map((l) => l.factor))).toEqual(expected);
        expect(sum(once.lines.map((l) => l.factor))).toEqual(expected);
      }),
      {numRuns: 150},
    );
  });
});
