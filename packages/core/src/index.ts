/**
 * @invoice-run/core: the framework-agnostic invoice run engine. Pure TypeScript over plain data;
 * storage is an interface (`BillingStore`) with an in-memory implementation beside it.
 */
export {InvoiceRunEngine, formatNumber} from './engine.js';
export type {
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
export {MemoryStore} from './memory-store.js';
export type {
  BillingStore,
  DraftEditCommit,
  FiringRecord,
  ScheduleState,
  LedgerKey,
  RecordBuildError,
  RunCommit,
  SubscriptionChunk,
} from './store.js';
export type {RunProgress, PassScope} from './run-pass.js';
export {DEFAULT_CHUNK_SIZE} from './run-pass.js';
export {InvoiceRunError, isInvoiceRunError, REFUSAL_CODES, formatPath} from './errors.js';
export type {Fault, RefusalCode} from './errors.js';
export {
  validateDataSet,
  emptyRecords,
  IMPORT_WARNING_CODES,
  MAX_TEXT_LENGTH,
} from './validation.js';
export {RESERVED_KEYS} from './reserved-keys.js';
export type {
  ImportWarning,
  ImportWarningCode,
  Rejection,
  ValidationReport,
  ValidRecords,
} from './validation.js';
export {resolveRunConfig, runKey, selectionKey} from './run-config.js';
export {
  NO_FIGURES,
  FiguresTally,
  changeFigures,
  figuresOf,
  finalizedFigures,
} from './run-figures.js';
export type {CountedInvoice} from './run-figures.js';
export {compareInvoices, compareIssues, totalsByCurrency, addTotals} from './invoices.js';
export {addCoverage, removeCoverage} from './coverage.js';
export {applyDraftEdit, usageSlices} from './draft-edit.js';
export type {DraftChange, DraftChangeInput, DraftEditOutcome} from './draft-edit.js';
export type {ItemLedger, CoveredSpan} from './item-billing.js';
export {minorUnit} from './currency.js';
export {isIsoDate, parseIsoDate, toIsoDate, toEpochDay, addDaysIso} from './dates.js';
export type {IsoDate, EpochDay} from './dates.js';
export {
  compileCondition,
  evaluateCondition,
  conditionFaults,
  conditionSchema,
  COMPARISON_OPERATORS,
} from './filter-condition.js';
export type {Condition, ComparisonOperator} from './filter-condition.js';
export {
  scheduleSchema,
  firingPeriod,
  scheduledInvoiceDate,
  parseFiringTime,
  firingTimes,
  localFiringTime,
  SHIFT_DAYS_LIMIT,
  validateSchedule,
} from './schedule.js';
export type {Schedule, ScheduleInput} from './schedule.js';
export {dueFirings, ON_TIME_MS} from './scheduler-plan.js';
export {
  Scheduler,
  freshState,
  restartsSchedule,
  stateAfterSave,
  upcomingFirings,
  UPCOMING_FIRINGS,
} from './scheduler.js';
/** For store implementations: how a schedule's state and a failed firing are recorded. */
export {advancedState, failedFiring} from './schedule-records.js';
export type {
  FiredFiring,
  ScheduleOverview,
  SchedulerCheck,
  SchedulerHost,
  UpcomingFiring,
} from './scheduler.js';
export type {DueFirings} from './scheduler-plan.js';
export * from './schemas.js';
export {
  postalAddressSchema,
  bankDetailsSchema,
  sellerSchema,
  ibanSchema,
  isIban,
} from './parties.js';
export type {PostalAddress, BankDetails, Seller} from './parties.js';
export * from './model.js';
export {dataSetJsonSchema} from './json-schema.js';
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
