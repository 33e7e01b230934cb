import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { withStatementCache } from '../../../../server/adapters/db/sqlite/statement-cache';

const people = sqliteTable('people', { id: integer('id').primaryKey(), name: text('name').notNull() });

function open() {
  const sqlite = new Database(':memory:');
  sqlite.exec('create table people (id integer primary key, name text not null)');
  let prepared = 0;
  const counting = new Proxy(sqlite, { get: (t, p) => (p === 'prepare' ? (s: string) => { prepared++; return t.prepare(s); } : (Reflect.get(t, p, t) as unknown)) });
  const db = drizzle({ client: withStatementCache(counting as Database.Database) });
  return { db, prepared: () => prepared };
}

describe('SQLite statement cache under drizzle', () => {
  it('prepares a query once however often it runs, with each run\'s own values', async () => {
    const { db, prepared } = open();
    for (const [id, name] of [[1, '张三'], [2, '李四'], [3, '王五']] as const) await db.insert(people).values({ id, name });
    const names = [];
    for (const id of [1, 2, 3]) names.push((await db.select({ name: people.name }).from(people).where(eq(people.id, id)))[0]?.name);
    expect(names).toEqual(['张三', '李四', '王五']);
    expect(prepared()).toBe(2); // one insert, one select
  });

  it('hands a statement back in object mode after drizzle read it raw', async () => {
    const { db } = open();
    await db.insert(people).values({ id: 1, name: '张三' });
    // a select of named fields is read raw (arrays) and mapped by drizzle; the same text as a plain query wants objects
    expect(await db.select({ id: people.id, name: people.name }).from(people)).toEqual([{ id: 1, name: '张三' }]);
    expect(await db.all(sql`select "id", "name" from "people"`)).toEqual([{ id: 1, name: '张三' }]);
    expect(await db.select({ id: people.id, name: people.name }).from(people)).toEqual([{ id: 1, name: '张三' }]);
  });
});
