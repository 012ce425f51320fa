import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client.js';

/**
 * Inserts many rows with one array parameter per column (`insert … select * from unnest(…)`).
 * Building a 10,000-row VALUES list through the query builder costs seconds of CPU; this costs
 * milliseconds and one round trip. Values go as bound parameters, never as SQL text.
 */
export async function bulkInsert<T extends PgTable>(db: Database, table: T, rows: Partial<T['$inferInsert']>[], options: { onConflictDoNothing?: boolean } = {}) {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const names = columns.map(([, column]) => sql.identifier(column.name));
  const arrays: SQL[] = columns.map(([key, column]) => {
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[key];
      if (value === undefined) return null;
      if (value instanceof Date) return value.toISOString();
      if (column.columnType === 'PgJsonb' || column.columnType === 'PgJson') return JSON.stringify(value);
      return value;
    });
    return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
  });
  const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  await db.execute(sql`insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})${conflict}`);
}
