/**
 * A realistic, deterministic billing data set: accounts with several subscriptions, monthly,
 * quarterly and yearly items of every billing type, usage transactions, generic "Order" records,
 * subscription / transaction / generic filters and one schedule. The same seed always gives the
 * same data, so the demo, the tests and the benchmarks agree on what they bill.
 */
import type {DataSetInput, ScheduleInput} from '@invoice-run/core';

export interface GenerateOptions {
  /** Number of subscriptions; accounts get 1 to 5 each (3 on average). */
  readonly subscriptions: number;
  /** Items per subscription (default 3). */
  readonly itemsPerSubscription?: number;
  /** Usage transactions in the billing month (default: 2 per subscription). */
  readonly transactions?: number;
  /** Generic "Order" records (default: 1 per 10 subscriptions). */
  readonly records?: number;
  /** The month the data is billed in, `YYYY-MM` (default 2026-01). */
  readonly month?: string;
  readonly seed?: number;
  /**
   * Gives each account a postal address, a tax id and an e-mail address, for invoice documents
   * (default false). They are made from the account's number alone, so the rest of the data is the
   * same with or without them.
   */
  readonly buyerDetails?: boolean;
}

export interface GeneratedData {
  readonly data: DataSetInput;
  readonly schedule: ScheduleInput;
}

/** mulberry32: a small, fast, seedable generator; Math.random cannot be seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_PARTS = [
  [
    'Nord',
    'Süd',
    'Alpen',
    'Rhein',
    'Hansa',
    'Blue',
    'Silver',
    'Green',
    'Bright',
    'Iron',
    'Delta',
    'Polar',
    'Cedar',
    'Atlas',
    'Nova',
  ],
  [
    'tech',
    'soft',
    'logistik',
    'werk',
    'data',
    'cloud',
    'systems',
    'media',
    'bau',
    'works',
    'labs',
    'energy',
    'foods',
    'mobility',
  ],
  ['GmbH', 'AG', 'Ltd', 'Inc.', 'SE', 'KG', 'S.A.', 'B.V.'],
];
const REGIONS = ['EU', 'EU', 'EU', 'US', 'APAC'] as const;
const SEGMENTS = ['enterprise', 'mid-market', 'smb'] as const;
const CURRENCY_BY_REGION = {EU: 'EUR', US: 'USD', APAC: 'JPY'} as const;
const PLANS = [
  {
    description: 'Platform subscription',
    price: ['49.00', '99.00', '249.00', '999.00'],
    taxRate: '19',
  },
  {description: 'Seats', price: ['8.50', '12.00', '15.90'], taxRate: '19'},
  {description: 'Support plan', price: ['29.00', '79.00', '199.00'], taxRate: '19'},
  {description: 'Storage (per TB)', price: ['23.00', '19.50'], taxRate: '7'},
];
const ORDER_LINES = [
  {description: 'Onboarding workshop', unitPrice: '1200.00', taxRate: '19'},
  {description: 'Data migration', unitPrice: '850.00', taxRate: '19'},
  {description: 'Hardware token', unitPrice: '39.90', taxRate: '19'},
  {description: 'Training day', unitPrice: '640.00', taxRate: '7'},
];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Where accounts of a region are, and how their tax ids look. */
const PLACES = {
  EU: [
    {
      country: 'DE',
      city: 'Hamburg',
      postalCode: '20457',
      street: 'Hafenstraße',
      taxId: 'DE#########',
    },
    {
      country: 'DE',
      city: 'München',
      postalCode: '80331',
      street: 'Marienplatz',
      taxId: 'DE#########',
    },
    {country: 'AT', city: 'Wien', postalCode: '1010', street: 'Graben', taxId: 'ATU########'},
    {
      country: 'FR',
      city: 'Lyon',
      postalCode: '69002',
      street: 'Rue de la République',
      taxId: 'FR##########',
    },
    {
      country: 'NL',
      city: 'Rotterdam',
      postalCode: '3011 AA',
      street: 'Coolsingel',
      taxId: 'NL#########B01',
    },
  ],
  US: [{country: 'US', city: 'Austin', postalCode: '78701', street: 'Congress Ave', region: 'TX'}],
  APAC: [{country: 'JP', city: 'Tokyo', postalCode: '100-0005', street: 'Marunouchi'}],
} as const;

/** A tax id in the shape of `pattern`, each `#` a digit of a number made from `index`. */
function taxIdOf(pattern: string, index: number): string {
  const digits = String((index * 7_919_113) % 10_000_000_000).padStart(10, '0');
  let next = 0;
  return pattern.replace(/#/g, () => digits[next++ % digits.length]!);
}

/** An account's address, tax id and e-mail, made from its number alone (no random draw). */
function buyerDetails(index: number, name: string, region: keyof typeof PLACES) {
  const places = PLACES[region];
  const place = places[index % places.length]!;
  const domain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    address: {
      lines: [`${place.street} ${(index % 97) + 1}`],
      postalCode: place.postalCode,
      city: place.city,
      ...('region' in place ? {region: place.region} : {}),
      country: place.country,
    },
    ...('taxId' in place ? {taxId: taxIdOf(place.taxId, index)} : {}),
    email: `billing@${domain}.example`,
  };
}

export function generateDataSet(options: GenerateOptions): GeneratedData {
  const rnd = random(options.seed ?? 20260101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const month = options.month ?? '2026-01';
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const itemsPerSubscription = options.itemsPerSubscription ?? 3;
  const transactionCount = options.transactions ?? options.subscriptions * 2;
  const recordCount = options.records ?? Math.ceil(options.subscriptions / 10);
  const day = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  const earlier = (months: number) => {
    const index = year * 12 + (monthNumber - 1) - months;
    return {y: Math.floor(index / 12), m: (index % 12) + 1};
  };

  const accounts: NonNullable<DataSetInput['accounts']> = [];
  const subscriptions: NonNullable<DataSetInput['subscriptions']> = [];
  const items: NonNullable<DataSetInput['items']> = [];
  const usageItems: {id: string; orderNo: string; billable: boolean}[] = [];
  const monthStart = day(year, monthNumber, 1);
  /**
   * Older subscriptions were billed by the system this data migrated from, up to their first
   * billing boundary in the billed month: that is their `nextServicePeriodStart`, as a host sets
   * it on migration (so the first run bills no history twice and warns of none).
   */
  const migratedFrom = (startDate: string, period?: {count: number; unit: 'month' | 'year'}) => {
    if (startDate >= monthStart) return {};
    if (period === undefined) return {nextServicePeriodStart: monthStart};
    const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
    const step = period.unit === 'year' ? 12 * period.count : period.count;
    for (let months = 0; ; months += step) {
      const index = y * 12 + (m - 1) + months;
      const by = Math.floor(index / 12);
      const bm = (index % 12) + 1;
      const boundary = day(by, bm, Math.min(d, new Date(Date.UTC(by, bm, 0)).getUTCDate()));
      if (boundary >= monthStart) return {nextServicePeriodStart: boundary};
    }
  };
  let accountIndex = 0;
  while (subscriptions.length < options.subscriptions) {
    accountIndex++;
    const accountId = `ACC-${pad(accountIndex, 6)}`;
    const region = pick(REGIONS);
    const accountActive = rnd() > 0.02;
    const name = `${pick(NAME_PARTS[0]!)}${pick(NAME_PARTS[1]!)} ${pick(NAME_PARTS[2]!)}`;
    accounts.push({
      id: accountId,
      name,
      active: accountActive,
      currency: CURRENCY_BY_REGION[region],
      paymentDueDays: pick([14, 14, 30, 30, 45]),
      fields: {region, segment: pick(SEGMENTS)},
      ...(options.buyerDetails === true ? buyerDetails(accountIndex, name, region) : {}),
    });
    const count = Math.min(int(1, 5), options.subscriptions - subscriptions.length);
    for (let s = 0; s < count; s++) {
      const subscriptionNumber = subscriptions.length + 1;
      const subscriptionId = `SUB-${pad(subscriptionNumber, 7)}`;
      const start = earlier(int(0, 30));
      const startDate = day(
        start.y,
        start.m,
        pick([1, 1, 1, 15, 31]) === 31 ? 28 : pick([1, 1, 15]),
      );
      const status = rnd() > 0.04 ? 'active' : pick(['draft', 'inactive'] as const);
      subscriptions.push({
        id: subscriptionId,
        accountId,
        number: subscriptionId,
        status,
        startDate,
        ...(rnd() < 0.05 ? {endDate: day(year, monthNumber, int(5, 25))} : {}),
        fields: {region, channel: pick(['direct', 'partner', 'online'])},
      });
      for (let i = 0; i < itemsPerSubscription; i++) {
        const itemId = `${subscriptionId}-${i + 1}`;
        const roll = rnd();
        if (i === itemsPerSubscription - 1 && roll < 0.5) {
          const orderNo = `ORD-${subscriptionNumber}`;
          usageItems.push({id: itemId, orderNo, billable: status === 'active' && accountActive});
          items.push({
            id: itemId,
            subscriptionId,
            description: pick(['API calls', 'SMS sent', 'Compute hours']),
            billingType: 'transactional',
            unitPrice: pick(['0.0035', '0.019', '0.45']),
            orderNo,
            startDate,
            taxRate: '19',
          });
          continue;
        }
        const plan = pick(PLANS);
        const billingType =
          roll < 0.08
            ? 'one-time'
            : pick([
                'recurring',
                'recurring',
                'recurring-prorated',
                'recurring-prorated-avg',
              ] as const);
        const period = pick([
          {count: 1, unit: 'month'},
          {count: 1, unit: 'month'},
          {count: 1, unit: 'month'},
          {count: 3, unit: 'month'},
          {count: 1, unit: 'year'},
        ] as const);
        items.push({
          id: itemId,
          subscriptionId,
          description: billingType === 'one-time' ? 'Setup fee' : plan.description,
          billingType,
          unitPrice: billingType === 'one-time' ? '150.00' : pick(plan.price),
          quantity: String(plan.description === 'Seats' ? int(3, 120) : 1),
          ...(billingType === 'one-time' ? {} : {billingPeriod: period}),
          billingPractice: rnd() < 0.85 ? 'advance' : 'arrears',
          startDate,
          ...migratedFrom(startDate, billingType === 'one-time' ? undefined : period),
          ...(rnd() < 0.1 ? {discountPercent: pick(['5', '10', '12.5'])} : {}),
          taxRate: plan.taxRate,
          ...(rnd() < 0.05 ? {invoiceCriterion: 'separate'} : {}),
        });
      }
    }
  }

  const billableUsage = usageItems.filter((item) => item.billable);
  const transactions: NonNullable<DataSetInput['transactions']> = [];
  const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  for (let t = 0; t < transactionCount && usageItems.length > 0; t++) {
    // Usage of subscriptions that cannot be billed is rare in a real feed: 1 in 200 here.
    const item = pick(rnd() < 0.995 ? billableUsage : usageItems);
    const byOrder = rnd() < 0.5;
    transactions.push({
      id: `TX-${pad(t + 1, 8)}`,
      ...(byOrder ? {orderNo: item.orderNo} : {itemId: item.id}),
      date: day(year, monthNumber, int(1, daysInMonth)),
      quantity: String(int(1, 5000)),
      ...(rnd() < 0.1 ? {criterion: 'peak'} : {}),
      fields: {source: rnd() < 0.9 ? 'metering' : 'manual'},
    });
  }

  const records: NonNullable<DataSetInput['records']> = [];
  for (let r = 0; r < recordCount; r++) {
    const account = pick(accounts);
    records.push({
      id: `ORDER-${pad(r + 1, 6)}`,
      object: 'Order',
      accountId: account.id,
      ...(rnd() < 0.7 ? {serviceDate: day(year, monthNumber, int(1, daysInMonth))} : {}),
      lines: Array.from({length: int(1, 3)}, () => {
        const line = pick(ORDER_LINES);
        return {...line, quantity: String(int(1, 4))};
      }),
      fields: {kind: pick(['service', 'service', 'hardware'])},
    });
  }

  const filters: NonNullable<DataSetInput['filters']> = [
    {
      id: 'all',
      name: 'All subscriptions',
      useCase: 'subscription',
      condition: {all: []},
      sequence: 1,
    },
    {
      id: 'eu',
      name: 'EU customers',
      useCase: 'subscription',
      condition: {field: 'account.fields.region', op: 'eq', value: 'EU'},
      sequence: 2,
    },
    {
      id: 'enterprise',
      name: 'Enterprise segment',
      useCase: 'subscription',
      condition: {field: 'account.fields.segment', op: 'eq', value: 'enterprise'},
      sequence: 3,
    },
    {
      id: 'metering',
      name: 'Metered usage',
      useCase: 'transaction',
      condition: {field: 'fields.source', op: 'eq', value: 'metering'},
      sequence: 1,
    },
    {
      id: 'manual-usage',
      name: 'Manually entered usage',
      useCase: 'transaction',
      condition: {field: 'fields.source', op: 'eq', value: 'manual'},
      sequence: 2,
    },
    {
      id: 'service-orders',
      name: 'Service orders',
      useCase: 'generic',
      object: 'Order',
      condition: {field: 'fields.kind', op: 'eq', value: 'service'},
      sequence: 1,
    },
    {
      id: 'hardware-orders',
      name: 'Hardware orders',
      useCase: 'generic',
      object: 'Order',
      condition: {field: 'fields.kind', op: 'eq', value: 'hardware'},
      sequence: 2,
    },
  ];

  return {
    data: {accounts, subscriptions, items, transactions, records, filters},
    schedule: {
      id: 'monthly',
      name: 'Monthly billing (1st, 06:00)',
      enabled: true,
      cron: '0 6 1 * *',
      interval: '1m',
      alignment: 'previous',
      invoiceDate: 'end+1',
      subscriptionFilter: 'all',
      transactionFilters: ['metering'],
      genericFilters: ['service-orders'],
    },
  };
}
