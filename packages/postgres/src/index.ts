/**
 * @invoice-run/postgres: the invoice run engine on PostgreSQL. PGlite (Postgres in WebAssembly,
 * keeping a directory) is the embedded default; a server is reached by `postgres://` URL.
 */
export {openDatabase, isServerUrl, createPglite, pgliteDatabase} from './database.js';
export type {Database, Queryable, Rows, OpenOptions} from './database.js';
export {migrate, MIGRATIONS} from './migrations.js';
export {PostgresStore} from './postgres-store.js';
export {openPostgresStore} from './open.js';
export {
  distributedRun,
  followRun,
  runWorker,
  runningRunsInParts,
  PART_QUEUE,
} from './distributed.js';
export type {
  DistributedRunOptions,
  DistributedRunResult,
  FollowOptions,
  QueueOptions,
  RunInParts,
  Worker,
  WorkerOptions,
} from './distributed.js';
export type {PostgresBilling} from './open.js';
export {serverMain, SERVER_COMMANDS, SERVER_USAGE, DEFAULT_DATABASE} from './cli/server-cli.js';
export type {CommandIo} from './cli/server-cli.js';
export {scenarioStore} from './cli/scenario-store.js';
