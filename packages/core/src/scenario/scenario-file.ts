/**
 * The scenario file format of scenarios.md: a data set, then steps. Loading validates the whole
 * file up front, so a file that is not a valid scenario (bad JSON, a record of `data` that fails
 * its schema, an unknown step, a duplicate `as` name) is refused before any step runs, with the
 * JSON path of the first fault. A step's own config or schedule is not checked here: refusing
 * those is the step's result, not a fault of the file.
 */
import {z} from 'zod';
import {formatPath, InvoiceRunError, issueMessage} from '../primitives/errors.js';
import {RECORD_KINDS, settingsSchema, type Settings} from '../records/schemas.js';
import {validateDataSet, type ValidRecords} from '../records/validation.js';

const ids = z.array(z.string());
const expectBlock = z.record(z.string(), z.unknown()).optional();
const stepName = z.string().min(1);

/** An `import` step's data: an object of known record lists; its records are checked when it runs. */
const importData = z.strictObject(
  Object.fromEntries(RECORD_KINDS.map((kind) => [kind, z.array(z.unknown()).optional()])) as Record<
    (typeof RECORD_KINDS)[number],
    z.ZodOptional<z.ZodArray<z.ZodUnknown>>
  >,
);

/** Which invoice of a run an `edit` step names: the keys given must all match. */
const invoiceKeys = z.strictObject({
  subscription: z.string().nullable().optional(),
  account: z.string().optional(),
  currency: z.string().optional(),
  criterion: z.string().nullable().optional(),
});

export const stepSchema = z.discriminatedUnion(
  'do',
  [
    z.strictObject({do: z.literal('run'), as: stepName, config: z.unknown(), expect: expectBlock}),
    z.strictObject({
      do: z.literal('schedule'),
      as: stepName,
      schedule: z.unknown(),
      at: z.string(),
      expect: expectBlock,
    }),
    z.strictObject({do: z.literal('preview'), config: z.unknown(), expect: expectBlock}),
    z.strictObject({
      do: z.literal('finalize'),
      run: z.string(),
      subscriptions: ids.optional(),
      expect: expectBlock,
    }),
    z.strictObject({
      do: z.literal('delete'),
      run: z.string(),
      subscriptions: ids.optional(),
      accounts: ids.optional(),
      expect: expectBlock,
    }),
    z.strictObject({do: z.literal('remaining'), run: z.string(), expect: expectBlock}),
    z.strictObject({
      do: z.literal('restore'),
      run: z.string(),
      subscriptions: ids.optional(),
      records: ids.optional(),
      expect: expectBlock,
    }),
    z.strictObject({do: z.literal('import'), data: importData, expect: expectBlock}),
    z.strictObject({do: z.literal('invoices'), expect: expectBlock}),
    z.strictObject({
      do: z.literal('edit'),
      run: z.string(),
      invoice: invoiceKeys,
      // The changes are the edit's to check: a malformed one is refused as INVALID_EDIT.
      changes: z.unknown(),
      at: z.string().optional(),
      expect: expectBlock,
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'unknown step; "do" must be one of run, schedule, preview, finalize, delete, remaining, restore, import, invoices, edit'
        : undefined,
  },
);

export type Step = z.output<typeof stepSchema>;

const scenarioSchema = z.object({
  description: z.string().optional(),
  settings: settingsSchema.prefault({}),
  data: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(stepSchema),
});

export interface Scenario {
  readonly description: string;
  readonly settings: Settings;
  readonly data: ValidRecords;
  readonly steps: readonly Step[];
}

/** A scenario file that cannot be run; `path` is the JSON path of the fault. */
export class InvalidScenarioError extends Error {
  override readonly name = 'InvalidScenarioError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(path === '' ? reason : `${path}: ${reason}`);
  }
}

export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidScenarioError('', `not valid JSON: ${(error as Error).message}`);
  }
  return parseScenario(json);
}

export function parseScenario(json: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(json, {reportInput: true});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidScenarioError(formatPath(issue.path), issueMessage(issue));
  }
  const {description = '', settings, data = {}, steps} = parsed.data;
  let records: ValidRecords;
  try {
    const report = validateDataSet(data);
    const rejected = report.rejected[0];
    if (rejected !== undefined) {
      const kindList = (data as Record<string, unknown[]>)[rejected.kind] ?? [];
      const index = kindList.findIndex((record, position) =>
        rejected.id.startsWith('#')
          ? `#${position}` === rejected.id
          : (record as {id?: unknown})?.id === rejected.id,
      );
      const path = `data.${rejected.kind}[${index}]${rejected.path === '' ? '' : rejected.path.startsWith('[') ? rejected.path : `.${rejected.path}`}`;
      throw new InvalidScenarioError(path, rejected.message);
    }
    records = report.valid;
  } catch (error) {
    if (error instanceof InvoiceRunError) {
      const fault = error.faults[0];
      throw new InvalidScenarioError(
        `data${fault?.path ? `.${fault.path}` : ''}`,
        fault?.message ?? error.message,
      );
    }
    throw error;
  }
  const names = new Map<string, number>();
  steps.forEach((step, index) => {
    if (step.do !== 'run' && step.do !== 'schedule') return;
    if (names.has(step.as)) {
      throw new InvalidScenarioError(
        `steps[${index}].as`,
        `duplicate run name "${step.as}" (already used by steps[${names.get(step.as)}])`,
      );
    }
    names.set(step.as, index);
  });
  return {description, settings, data: records, steps};
}
