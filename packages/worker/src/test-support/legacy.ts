/** Writing a database as an older schema version did, for the upgrade tests. */
import {Dexie} from 'dexie';
import {SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6} from '../db.js';

/** The tables a schema version had, for writing a database as that version did. */
export type LegacyVersion = 1 | 3 | 4 | 5 | 6;

/**
 * Table rows as versions 1 to 6 stored them, from the rows of the current version (version 6
 * stored the rows of version 7; only an index differs): in versions 1
 * to 3 transactions carry their link (`billed`, `invoiceId`); version 4 has a `transactionLinks`
 * row per billed transaction; neither has `usageLinks`; versions 1 to 4 keep item ledgers a row per
 * item (no `subscriptionId`) in `ledgers`; version 1 invoices have no `order`; no run record before
 * version 6 has `current`, `restores` or `lastRestoredAt`.
 */
function legacyRows(
  tables: Readonly<Record<string, readonly Record<string, unknown>[]>>,
  version: LegacyVersion,
  schema: Readonly<Record<string, string | null>>,
): Record<string, Record<string, unknown>[]> {
  const links = new Map(
    (tables.usageLinks ?? []).flatMap((row) =>
      (row.invoices as {invoiceId: string; transactionIds: string[]}[]).flatMap((entry) =>
        entry.transactionIds.map((id) => [id, entry.invoiceId] as const),
      ),
    ),
  );
  const result: Record<string, Record<string, unknown>[]> = {};
  if (version < 5) {
    result.ledgers = (tables.subscriptionLedgers ?? []).flatMap((row) =>
      (row.items as Record<string, unknown>[]).map(({subscriptionId: _, ...ledger}) => ledger),
    );
  }
  if (version === 4) {
    result.transactionLinks = [...links].map(([id, invoiceId]) => ({id, invoiceId}));
  }
  for (const [name, rows] of Object.entries(tables)) {
    if (typeof schema[name] !== 'string') continue; // tables of other versions
    result[name] = rows.map((row) => {
      const copy: Record<string, unknown> = {...row};
      if (name === 'invoices' && version === 1) delete copy.order;
      if (name === 'runs' && version < 6) {
        delete copy.current;
        delete copy.restores;
        delete copy.lastRestoredAt;
      }
      if (name === 'transactions' && version < 4) {
        const invoiceId = links.get(row.id as string);
        copy.billed = invoiceId === undefined ? 0 : 1;
        copy.invoiceId = invoiceId ?? null;
      }
      return copy;
    });
  }
  return result;
}

/**
 * Rewrites `database` (of the current version, closed) as `version` wrote it: the same data, read
 * through the current schema and written back in the older one.
 */
export async function rewriteAsVersion(database: string, version: LegacyVersion): Promise<void> {
  const current = new Dexie(database);
  await current.open();
  const tables = Object.fromEntries(
    await Promise.all(
      current.tables.map(
        async (table) =>
          [table.name, (await table.toArray()) as Record<string, unknown>[]] as const,
      ),
    ),
  );
  current.close();
  await Dexie.delete(database);
  const old = new Dexie(database);
  old.version(1).stores(SCHEMA_V1);
  if (version >= 3) {
    old.version(2).stores(SCHEMA_V2);
    old.version(3).stores(SCHEMA_V3);
  }
  if (version >= 4) old.version(4).stores(SCHEMA_V4);
  if (version >= 5) old.version(5).stores(SCHEMA_V5);
  if (version === 6) old.version(6).stores(SCHEMA_V6);
  const schema =
    version === 1
      ? SCHEMA_V1
      : version === 3
        ? SCHEMA_V3
        : version === 4
          ? SCHEMA_V4
          : version === 5
            ? SCHEMA_V5
            : SCHEMA_V6;
  await old.open();
  for (const [name, rows] of Object.entries(legacyRows(tables, version, schema)))
    await old.table(name).bulkPut(rows);
  old.close();
}
