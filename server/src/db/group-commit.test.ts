import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './create-database';
import { GroupCommit } from './group-commit';

/** Items write one tenant row each; the group state counts how many items shared a transaction. */
describe('GroupCommit on SQLite', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let other: DatabaseHandle;
  /** Per item: how many items had written in its transaction before it (0 = first of its group). */
  let positions: number[];
  let alone: string[];

  const commit = (maxGroup = 256) =>
    new GroupCommit<string, string, { id: string; visibleElsewhere: boolean }, { count: number }>(
      handle,
      {
        write: async (trx, id, group) => {
          if (id.startsWith('bad')) throw new Error(`cannot write ${id}`);
          positions.push(group.count++);
          await trx
            .insertInto('tenants')
            .values({ id, name: id, alert_seq: 0, whatsapp_phone_number_id: null, created_at: 'now' })
            .execute();
          return id;
        },
        // Answered only after the commit: another connection to the same file already sees the row.
        settle: async (id) => ({ id, visibleElsewhere: (await rowsIn(other, [id])) === 1 }),
        alone: async (id) => {
          alone.push(id);
          if (id.startsWith('bad')) throw new Error(`cannot write ${id}`);
          await handle.db
            .insertInto('tenants')
            .values({ id, name: id, alert_seq: 0, whatsapp_phone_number_id: null, created_at: 'now' })
            .execute();
          return { id, visibleElsewhere: (await rowsIn(other, [id])) === 1 };
        },
        newGroup: () => ({ count: 0 }),
      },
      maxGroup,
    );

  const rowsIn = async (on: DatabaseHandle, ids: string[]) =>
    Number((await sql<{ n: number }>`select count(*) as n from tenants where id in (${sql.join(ids)})`.execute(on.db)).rows[0]!.n);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    handle = openDatabase(`sqlite:${join(dir, 'db.sqlite')}`);
    await migrateToLatest(handle);
    other = openDatabase(`sqlite:${join(dir, 'db.sqlite')}`);
    positions = [];
    alone = [];
  });
  afterEach(async () => {
    await handle.db.destroy();
    await other.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the items submitted together in one transaction and answers each after its commit', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `t-${i}`);
    const shared = commit();
    const grouped = await Promise.all(ids.map((id) => shared.submit(`g-${id}`)));
    expect(alone).toEqual([]);
    expect(positions).toEqual(ids.map((_, i) => i));
    expect(grouped.every((r) => r.visibleElsewhere)).toBe(true);
    expect(
      await rowsIn(
        other,
        ids.map((id) => `g-${id}`),
      ),
    ).toBe(30);
  });

  it('splits at maxGroup: the rest wait for the next transaction', async () => {
    const shared = commit(8);
    await Promise.all(Array.from({ length: 20 }, (_, i) => shared.submit(`m-${i}`)));
    // Positions restart at 0 in each transaction: 8 + 8 + 4.
    expect(positions.filter((p) => p === 0)).toHaveLength(3);
    expect(Math.max(...positions)).toBe(7);
  });

  it('fails only the item that cannot be written: the rest of its group is written alone', async () => {
    const shared = commit();
    const settled = await Promise.allSettled(['a', 'bad-1', 'b', 'c'].map((id) => shared.submit(id)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'cannot write bad-1' });
    expect(alone).toEqual(['a', 'bad-1', 'b', 'c']);
    expect(await rowsIn(other, ['a', 'b', 'c', 'bad-1'])).toBe(3);
  });

  it('keeps grouping after a failed group', async () => {
    const shared = commit();
    await Promise.allSettled(['x', 'bad-2'].map((id) => shared.submit(id)));
    alone = [];
    positions = [];
    await Promise.all(['y', 'z'].map((id) => shared.submit(id)));
    expect(alone).toEqual([]);
    expect(positions).toEqual([0, 1]);
  });
});

describe('GroupCommit on PostgreSQL', () => {
  it('writes every item alone at once: PostgreSQL commits on its own backends, concurrently', async () => {
    const handle = openDatabase(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    try {
      const grouped: string[] = [];
      const commit = new GroupCommit<string, string, string, null>(
        handle,
        {
          write: async (_trx, id) => (grouped.push(id), id),
          settle: async (id) => id,
          alone: async (id) => `alone:${id}`,
          newGroup: () => null,
        },
        256,
      );
      expect(await Promise.all(['a', 'b', 'c'].map((id) => commit.submit(id)))).toEqual(['alone:a', 'alone:b', 'alone:c']);
      expect(grouped).toEqual([]);
    } finally {
      await handle.db.destroy();
    }
  });
});
