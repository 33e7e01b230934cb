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
  const texts: string[] = [];
  const counting = new Proxy(sqlite, { get: (t, p) => (p === 'prepare' ? (s: string) => { texts.push(s); return t.prepare(s); } : (Reflect.get(t, p, t) as unknown)) });
  const db = drizzle({ client: withStatementCache(counting as Database.Database) });
  return { db, prepared: () => texts.length, texts };
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

  it('writes a LIMIT into the statement instead of binding it, one statement per limit, with the right rows', async () => {
    const { db, texts } = open();
    for (let id = 1; id <= 5; id++) await db.insert(people).values({ id, name: `客户${id}` });
    const page = (limit: number, offset?: number) => {
      const q = db.select({ id: people.id }).from(people).orderBy(people.id).limit(limit);
      return (offset === undefined ? q : q.offset(offset)).then((rows) => rows.map((r) => r.id));
    };
    expect(await page(2)).toEqual([1, 2]);
    expect(await page(3)).toEqual([1, 2, 3]);
    expect(await page(2)).toEqual([1, 2]);
    expect(await page(2, 3)).toEqual([4, 5]);
    expect(await page(1, 1)).toEqual([2]);
    // SQLite compiles a statement again whenever a bound LIMIT is bound (its planner reads the value): none runs bound
    const run = texts.filter((t) => t.startsWith('select'));
    expect(run.filter((t) => / limit \d+( offset \?)?$/.test(t)).map((t) => t.replace(/.* limit /, 'limit '))).toEqual(['limit 2', 'limit 3', 'limit 2 offset ?', 'limit 1 offset ?']);
    // a prepared (reusable) query too, with its limit a placeholder: each run's value
    const first = db.select({ name: people.name }).from(people).where(eq(people.id, sql.placeholder('id'))).limit(sql.placeholder('n')).prepare();
    expect(first.all({ id: 3, n: 1 })).toEqual([{ name: '客户3' }]);
    expect(first.all({ id: 3, n: 0 })).toEqual([]);
    // drizzle reads named fields raw and maps them; the same statement read as objects afterwards still gives objects
    expect(first.get({ id: 4, n: 1 })).toEqual({ name: '客户4' });
    expect(await db.all(sql`select "name" from "people" where "id" = ${2} limit ${1}`)).toEqual([{ name: '客户2' }]);
  });

  it('keeps a LIMIT bound when its value is not a plain non-negative integer', async () => {
    const { db } = open();
    for (let id = 1; id <= 3; id++) await db.insert(people).values({ id, name: `客户${id}` });
    expect(await db.all(sql`select "id" from "people" order by "id" limit ${-1}`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await db.all(sql`select "id" from "people" order by "id" limit ${'2'}`)).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
