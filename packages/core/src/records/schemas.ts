/**
 * zod schemas of every record a host hands the engine (billing.md section 2) and of the run
 * config (section 4). They are the one source of the record types (`z.output`) and of the JSON
 * Schema published for host developers. Parsing applies the defaults, so filters and runs see them,
 * and normalizes decimals to their plain spelling, so `19.0`, `"19"` and `"19.00"` are one value.
 */
import {z} from 'zod';
import {conditionSchema} from './filter-condition.js';
import {isIsoDate} from '../primitives/dates.js';
import {isDecimal, normalizeDecimal} from '../primitives/decimal.js';
import {buyerDetailsShape, sellerSchema} from './parties.js';
import {optional} from './schema-fields.js';

export const isoDateSchema = z
  .string({error: 'must be a date written YYYY-MM-DD'})
  .refine(isIsoDate, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a calendar date (YYYY-MM-DD)`,
  })
  .meta({format: 'date', description: 'A calendar date, YYYY-MM-DD, without time or time zone.'});

/** A decimal given as a string (`"19.99"`) or a JSON number, stored as its plain string. */
export const decimalSchema = z
  .union([z.string(), z.number()], {
    error: 'must be a decimal, written as a string such as "19.99"',
  })
  .refine(isDecimal, {error: (issue) => `${JSON.stringify(issue.input)} is not a decimal number`})
  .transform((value) => normalizeDecimal(value))
  .meta({description: 'An exact decimal, best written as a string ("19.99", "0.0035").'});

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, {error: 'must be a three-letter ISO 4217 code such as "EUR"'});

const idSchema = z.string({error: 'must be a string'}).min(1, {error: 'must not be empty'});

const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'custom fields hold strings, numbers, booleans or null',
});

/** Custom values that filters can test (`fields.region`). */
export const fieldsSchema = z.record(z.string(), fieldValueSchema);

const dueDaysSchema = z.int({error: 'must be a whole number of days'}).min(0);

export const accountSchema = z.object({
  id: idSchema,
  name: z.string(),
  active: z.boolean().default(true),
  currency: optional(currencySchema),
  paymentDueDays: optional(dueDaysSchema),
  /** The buyer's details for invoice documents. */
  ...buyerDetailsShape,
  fields: optional(fieldsSchema),
});

export const SUBSCRIPTION_STATUSES = ['draft', 'active', 'inactive'] as const;

export const subscriptionSchema = z.object({
  id: idSchema,
  accountId: idSchema,
  number: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES).default('active'),
  startDate: isoDateSchema,
  endDate: optional(isoDateSchema),
  currency: optional(currencySchema),
  paymentDueDays: optional(dueDaysSchema),
  fields: optional(fieldsSchema),
});

export const BILLING_TYPES = [
  'one-time',
  'recurring',
  'recurring-prorated',
  'recurring-prorated-avg',
  'transactional',
] as const;
export type BillingType = (typeof BILLING_TYPES)[number];

export const PERIOD_UNITS = ['day', 'week', 'month', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export const billingPeriodSchema = z.object({
  count: z.int({error: 'must be a whole number'}).min(1, {error: 'must be at least 1'}),
  unit: z.enum(PERIOD_UNITS),
});

export const itemSchema = z.object({
  id: idSchema,
  subscriptionId: idSchema,
  description: z.string(),
  active: z.boolean().default(true),
  billingType: z.enum(BILLING_TYPES),
  unitPrice: decimalSchema,
  quantity: decimalSchema.default('1'),
  billingPeriod: optional(billingPeriodSchema),
  billingPractice: z.enum(['advance', 'arrears']).default('advance'),
  startDate: isoDateSchema,
  endDate: optional(isoDateSchema),
  billingAnchor: optional(isoDateSchema),
  nextServicePeriodStart: optional(isoDateSchema),
  discountPercent: decimalSchema.default('0'),
  taxRate: decimalSchema.default('0'),
  orderNo: optional(z.string()),
  invoiceCriterion: optional(z.string()),
  fields: optional(fieldsSchema),
});

export const transactionSchema = z.object({
  id: idSchema,
  itemId: optional(z.string()),
  orderNo: optional(z.string()),
  date: isoDateSchema,
  quantity: decimalSchema,
  unitPrice: optional(decimalSchema),
  description: optional(z.string()),
  criterion: optional(z.string()),
  fields: optional(fieldsSchema),
});

export const recordLineSchema = z.object({
  description: z.string(),
  quantity: decimalSchema,
  unitPrice: decimalSchema,
  taxRate: decimalSchema.default('0'),
});

export const genericRecordSchema = z.object({
  id: idSchema,
  object: z.string().min(1),
  accountId: idSchema,
  currency: optional(currencySchema),
  serviceDate: optional(isoDateSchema),
  invoiceCriterion: optional(z.string()),
  lines: z.array(recordLineSchema).default([]),
  fields: optional(fieldsSchema),
});

export const FILTER_USE_CASES = ['subscription', 'transaction', 'generic'] as const;
export type FilterUseCase = (typeof FILTER_USE_CASES)[number];

export const filterSchema = z.object({
  id: idSchema,
  name: z.string(),
  useCase: z.enum(FILTER_USE_CASES),
  object: optional(z.string()),
  condition: conditionSchema,
  sequence: optional(z.number()),
});

const numberFormatSchema = z
  .string()
  .refine((format) => format.includes('{seq'), {error: 'must contain {seq} or {seq:N}'});

export const settingsSchema = z.object({
  currency: currencySchema.default('EUR'),
  paymentDueDays: optional(dueDaysSchema),
  /** The date finalization uses; absent: the caller's clock. */
  today: optional(isoDateSchema),
  invoiceNumberFormat: numberFormatSchema.default('INV-{yyyy}-{seq:5}'),
  creditNumberFormat: numberFormatSchema.default('CRN-{yyyy}-{seq:5}'),
  /** Who the invoices are from, for invoice documents. */
  seller: optional(sellerSchema),
});

export const RECORD_KINDS = [
  'accounts',
  'subscriptions',
  'items',
  'transactions',
  'records',
  'filters',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const recordSchemas = {
  accounts: accountSchema,
  subscriptions: subscriptionSchema,
  items: itemSchema,
  transactions: transactionSchema,
  records: genericRecordSchema,
  filters: filterSchema,
} as const satisfies Record<RecordKind, z.ZodType>;

/** A whole data set, as a scenario's `data` and `import` hold it. */
export const dataSetSchema = z.strictObject({
  accounts: z.array(accountSchema).optional(),
  subscriptions: z.array(subscriptionSchema).optional(),
  items: z.array(itemSchema).optional(),
  transactions: z.array(transactionSchema).optional(),
  records: z.array(genericRecordSchema).optional(),
  filters: z.array(filterSchema).optional(),
});

export const runConfigSchema = z.object({
  periodStart: isoDateSchema,
  periodEnd: isoDateSchema,
  invoiceDate: optional(isoDateSchema),
  subscriptionFilter: optional(z.string()),
  transactionFilters: optional(z.array(z.string())).transform((ids) => ids ?? []),
  genericFilters: optional(z.array(z.string())).transform((ids) => ids ?? []),
  title: optional(z.string()),
});

export type Account = z.output<typeof accountSchema>;
export type Subscription = z.output<typeof subscriptionSchema>;
export type Item = z.output<typeof itemSchema>;
export type Transaction = z.output<typeof transactionSchema>;
export type GenericRecord = z.output<typeof genericRecordSchema>;
export type RecordLine = z.output<typeof recordLineSchema>;
export type Filter = z.output<typeof filterSchema>;
export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type DataSet = z.output<typeof dataSetSchema>;
export type DataSetInput = z.input<typeof dataSetSchema>;
export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;
export type BillingPeriod = z.output<typeof billingPeriodSchema>;

export interface RecordsByKind {
  accounts: Account;
  subscriptions: Subscription;
  items: Item;
  transactions: Transaction;
  records: GenericRecord;
  filters: Filter;
}
