/**
 * One way to talk to PostgreSQL, whether it is PGlite (Postgres compiled to WebAssembly, in this
 * process, keeping a directory: the embedded default) or a server reached by URL through `pg`.
 * The store and the migrations use only `query` and `transaction`, so both behave the same.
 */
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pg from 'pg';
import {PGlite} from '@electric-sql/pglite';
import {btree_gist} from '@electric-sql/pglite/contrib/btree_gist';

/** The PGlite release the template copy was made with (a copy works only with its own release). */
const PGLITE_VERSION = '0.6.1';

export interface Rows<T> {
  readonly rows: T[];
  readonly affectedRows?: number;
}

/** Something that runs SQL with `$1`-style parameters: the database, or one transaction of it. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Rows<T>>;
  /** Runs a script of several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  /** What it is, for messages: `PGlite ./invoice-run-data` or `postgres://host/db`. */
  readonly description: string;
  /** Whether other processes may share it (a server): runs across processes need that. */
  readonly shared: boolean;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding a session-wide advisory lock (`key`), so that processes sharing a server
   * take turns; in PGlite, with no other process, it just runs.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding that lock if no other process holds it now; `{acquired: false}` at once
   * otherwise (a leader: one process of many does the work).
   */
  tryExclusive(key: string, work: () => Promise<void>): Promise<{readonly acquired: boolean}>;
  /** Whether a process holds the lock `key` now (in PGlite: none ever does). */
  lockHeld(key: string): Promise<boolean>;
  /**
   * Takes the advisory lock `key` and holds it, on a connection of its own, until `release` or
   * until this process ends (its connection goes with it): others see it held (`lockHeld`) exactly
   * while this process is alive and has not let go. In PGlite, nothing to hold.
   */
  hold(key: string): Promise<{release(): Promise<void>}>;
  /** The schema it works in: lock keys of things that live in a schema name it. */
  readonly schema: string;
  close(): Promise<void>;
}

/** A server URL (`postgres://` or `postgresql://`), as opposed to a PGlite directory. */
export function isServerUrl(target: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(target);
}

export interface OpenOptions {
  /** The schema to work in (created when missing); default `public`. */
  readonly schema?: string;
  /** How a server lists this process's connections (`pg_stat_activity.application_name`). */
  readonly applicationName?: string;
}

/**
 * Opens `target`: a `postgres://` URL (a server, through a pool of `pg` connections), a
 * directory (PGlite keeps its data there; created when missing), or `memory://` (PGlite in
 * memory, nothing kept).
 */
export async function openDatabase(target: string, options: OpenOptions = {}): Promise<Database> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`"${schema}" is not a schema name (lower-case letters, digits, _)`);
  }
  return isServerUrl(target)
    ? openServer(target, schema, options.applicationName ?? 'invoice-run')
    : openPglite(target, schema);
}

async function openPglite(target: string, schema: string): Promise<Database> {
  const db = await createPglite(target);
  const database = await pgliteDatabase(db, schema, target);
  return {...database, close: () => db.close()};
}

/**
 * A PGlite instance with what the schema needs (`btree_gist`); `memory://` keeps nothing. A new
 * database is an `initdb` (seconds of WebAssembly); an in-memory one starts from a copy of a fresh
 * one kept in the system's temporary directory instead, made the first time.
 */
export async function createPglite(target = 'memory://'): Promise<PGlite> {
  const options = {extensions: {btree_gist}};
  if (target !== 'memory://') return PGlite.create(target, options);
  const template = join(tmpdir(), `invoice-run-pglite-${PGLITE_VERSION}.tar.gz`);
  if (existsSync(template)) {
    try {
      return await PGlite.create({...options, loadDataDir: new Blob([readFileSync(template)])});
    } catch {
      // A damaged copy: make a fresh database, and a new copy below.
    }
  }
  const db = await PGlite.create(options);
  const fresh = await db.dumpDataDir('gzip');
  // Written aside, then renamed: processes starting at once never read half a copy.
  const partial = `${template}.${process.pid}`;
  writeFileSync(partial, new Uint8Array(await fresh.arrayBuffer()));
  renameSync(partial, template);
  return db;
}

/**
 * A `Database` over one schema of an open PGlite instance (several may share one instance, one at
 * a time: PGlite is a single connection). Closing it leaves the instance open.
 */
export async function pgliteDatabase(
  db: PGlite,
  schema = 'public',
  target = 'memory://',
): Promise<Database> {
  await db.exec(`create schema if not exists ${schema}; set search_path to ${schema}, public`);
  // PGlite is one connection: transactions must not interleave, so they queue here.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  const adapt = (runner: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await runner.query<T>(sql, params as unknown[] | undefined);
      return {rows: result.rows, affectedRows: result.affectedRows ?? 0};
    },
    async exec(sql: string) {
      await runner.exec(sql);
    },
  });
  const direct = adapt(db);
  return {
    description: `PGlite ${target}`,
    shared: false,
    query: (sql, params) => serial(() => direct.query(sql, params)),
    exec: (sql) => serial(() => direct.exec(sql)),
    transaction: (work) => serial(() => db.transaction((tx) => work(adapt(tx)))),
    exclusive: (_key, work) => work(),
    tryExclusive: async (_key, work) => {
      await work();
      return {acquired: true};
    },
    lockHeld: async () => false,
    hold: async () => ({release: async () => undefined}),
    schema,
    close: async () => undefined,
  };
}

async function openServer(url: string, schema: string, applicationName: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: applicationName,
    options: `-c search_path=${schema},public`,
  });
  // An idle connection that the server ends (a restart, an administrator's shutdown, a network
  // drop) is reported as an 'error' event on the pool, which would end the host's process if no
  // one listened. The pool drops that connection by itself and the next query opens a new one or
  // fails with the reason, so the event needs no handling beyond being heard.
  pool.on('error', () => undefined);
  const adapt = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return {rows: result.rows as T[], affectedRows: result.rowCount ?? 0};
    },
    async exec(sql: string) {
      // Without parameters, node-postgres sends a simple query: several statements may follow.
      await client.query(sql);
    },
  });
  // The schema must exist before connections use it.
  await pool.query(`create schema if not exists ${schema}`);
  /** The connections that hold a lock for `hold`. */
  const holders = new Set<pg.Client>();
  return {
    description: url.replace(/\/\/[^@/]*@/, '//'),
    shared: true,
    query: (sql, params) => adapt(pool).query(sql, params),
    exec: (sql) => adapt(pool).exec(sql),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(adapt(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exclusive(key, work) {
      // A session lock lives on its connection: one client holds it from take to release.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(hashtext($1))', [key]);
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [key]);
        }
      } finally {
        client.release();
      }
    },
    async tryExclusive(key, work) {
      const client = await pool.connect();
      try {
        const {rows} = await client.query<{acquired: boolean}>(
          'select pg_try_advisory_lock(hashtext($1)) as acquired',
          [key],
        );
        if (rows[0]?.acquired !== true) return {acquired: false};
        try {
          await work();
          return {acquired: true};
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [key]);
        }
      } finally {
        client.release();
      }
    },
    async lockHeld(key) {
      // An advisory lock on one bigint key is listed with its high half as `classid` and its
      // low half as `objid` (`objsubid` 1).
      const {rows} = await pool.query<{held: boolean}>(
        `select exists (
           select 1 from pg_locks
            where locktype = 'advisory' and objsubid = 1 and granted
              and database = (select oid from pg_database where datname = current_database())
              and classid::bigint = (hashtext($1)::bigint >> 32) & 4294967295
              and objid::bigint = hashtext($1)::bigint & 4294967295
         ) as held`,
        [key],
      );
      return rows[0]?.held === true;
    },
    async hold(key) {
      // Not a pooled connection: the pool's few are for queries, and this one is kept for as
      // long as the lock is held.
      const client = new pg.Client({connectionString: url, application_name: applicationName});
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query('select pg_advisory_lock(hashtext($1))', [key]);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      holders.add(client);
      return {
        async release() {
          if (!holders.delete(client)) return;
          // Ending the session releases its locks.
          await client.end().catch(() => undefined);
        },
      };
    },
    schema,
    async close() {
      await Promise.all([...holders].map((client) => client.end().catch(() => undefined)));
      holders.clear();
      await pool.end();
    },
  };
}
