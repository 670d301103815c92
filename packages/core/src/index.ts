/**
 * @invoice-run/core: the framework-agnostic invoice run engine. Pure TypeScript over plain data;
 * storage is an interface (`BillingStore`) with an in-memory implementation beside it.
 */
export {InvoiceRunEngine, formatNumber} from './engine.js';
export type {
  BeginRunOptions,
  PartResult,
  RunPart,
  RunPlan,
  DraftSelection,
  EditOptions,
  EngineOptions,
  ImportReport,
  LineTransactionsPage,
  PassCallbacks,
  PreviewResult,
  Remaining,
  RemainingCallbacks,
  RemainingRecord,
  RemainingSubscription,
  RestoreResult,
  StepResult,
} from './engine.js';
export {MemoryStore} from './store/memory-store.js';
export type {
  BillingStore,
  DraftEditCommit,
  FiringRecord,
  ScheduleState,
  LedgerKey,
  RecordBuildError,
  RunCommit,
  RunAddition,
  RunPartCommit,
  SubscriptionUsage,
  SubscriptionChunk,
  SubscriptionLedgers,
} from './store/store.js';
export type {RunProgress, PassScope} from './pass/run-pass.js';
export {DEFAULT_CHUNK_SIZE, PART_STRIDE} from './pass/run-pass.js';
export {
  InvoiceRunError,
  isInvoiceRunError,
  REFUSAL_CODES,
  formatPath,
} from './primitives/errors.js';
export type {Fault, RefusalCode} from './primitives/errors.js';
export {
  validateDataSet,
  emptyRecords,
  IMPORT_WARNING_CODES,
  MAX_TEXT_LENGTH,
} from './records/validation.js';
export {RESERVED_KEYS} from './records/reserved-keys.js';
export type {
  ImportWarning,
  ImportWarningCode,
  Rejection,
  ValidationReport,
  ValidRecords,
} from './records/validation.js';
export {resolveRunConfig, runKey, selectionKey} from './billing/run-config.js';
export {
  NO_FIGURES,
  FiguresTally,
  addToRun,
  changeFigures,
  figuresOf,
  finalizedFigures,
} from './billing/run-figures.js';
export type {CountedInvoice} from './billing/run-figures.js';
export {compareInvoices, compareIssues, totalsByCurrency, addTotals} from './billing/invoices.js';
export {addCoverage, removeCoverage} from './billing/coverage.js';
export {applyDraftEdit, usageSlices} from './billing/draft-edit.js';
export type {DraftChange, DraftChangeInput, DraftEditOutcome} from './billing/draft-edit.js';
export type {ItemLedger, CoveredSpan} from './billing/item-billing.js';
export {minorUnit} from './primitives/currency.js';
export {isIsoDate, parseIsoDate, toIsoDate, toEpochDay, addDaysIso} from './primitives/dates.js';
export type {IsoDate, EpochDay} from './primitives/dates.js';
export {
  compileCondition,
  evaluateCondition,
  conditionFaults,
  conditionSchema,
  COMPARISON_OPERATORS,
} from './records/filter-condition.js';
export type {Condition, ComparisonOperator} from './records/filter-condition.js';
export {
  scheduleSchema,
  firingPeriod,
  scheduledInvoiceDate,
  parseFiringTime,
  firingTimes,
  localFiringTime,
  SHIFT_DAYS_LIMIT,
  validateSchedule,
} from './scheduling/schedule.js';
export type {Schedule, ScheduleInput} from './scheduling/schedule.js';
export {dueFirings, ON_TIME_MS} from './scheduling/scheduler-plan.js';
export {
  Scheduler,
  freshState,
  restartsSchedule,
  stateAfterSave,
  upcomingFirings,
  UPCOMING_FIRINGS,
} from './scheduling/scheduler.js';
/** For store implementations: how a schedule's state and a failed firing are recorded. */
export {advancedState, failedFiring} from './scheduling/schedule-records.js';
export type {
  FiredFiring,
  ScheduleOverview,
  SchedulerCheck,
  SchedulerHost,
  UpcomingFiring,
} from './scheduling/scheduler.js';
export type {DueFirings} from './scheduling/scheduler-plan.js';
export * from './records/schemas.js';
export {
  postalAddressSchema,
  bankDetailsSchema,
  sellerSchema,
  ibanSchema,
  isIban,
} from './records/parties.js';
export type {PostalAddress, BankDetails, Seller} from './records/parties.js';
export * from './records/model.js';
export {dataSetJsonSchema} from './records/json-schema.js';
export {
  runScenario,
  runScenarioSteps,
  engineOperations,
  invoiceOutput,
  scenarioEditInstant,
} from './scenario/scenario-runner.js';
export type {
  BillingStep,
  RunScenarioOptions,
  ScenarioOperations,
  ScenarioResult,
  StepOutput,
} from './scenario/scenario-runner.js';
export {parseScenario, parseScenarioText, InvalidScenarioError} from './scenario/scenario-file.js';
export type {Scenario, Step} from './scenario/scenario-file.js';
export {checkScenario, compareExpected, formatMismatch} from './scenario/expect.js';
export type {Mismatch} from './scenario/expect.js';
