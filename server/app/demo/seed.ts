/** @module Seeds Moonshift's database with the demo corp (idempotent: a restart keeps what the user changed). */
import type { Clock } from '../clock';
import type { Tx } from '../../core/ports/unit-of-work';
import { DEMO_ORG, DEMO_TEAMS } from './seed-data';
import { SETTINGS } from '../../core/config/catalogue';
import { readOwnSettingIn, writeSettingIn } from '../../core/config/settings';

/** Seeds the demo corp in the caller's transaction (either engine): the org profile unless set, the accounts, agents and servicers unless present. */
export async function seedDemoIn(tx: Tx, clock: Clock): Promise<void> {
  const now = clock.now();
  const { agents: a, kfAccounts: k, kfServicers: s } = tx.t;
  if ((await readOwnSettingIn(tx, SETTINGS.org)) === undefined) await writeSettingIn(tx, SETTINGS.org, DEMO_ORG, { at: now, by: 'demo' });
  for (const { kf, agents: team } of DEMO_TEAMS) {
    await tx.db.insert(k).values({ openKfid: kf.open_kfid, name: kf.name, createdAt: now }).onConflictDoNothing();
    await tx.db.insert(a).values(team.map((m) => ({ userid: m.userid, name: m.name, status: 'moon' as const, statusSource: 'system' as const, statusChangedAt: now, createdAt: now })))
      .onConflictDoNothing();
    await tx.db.insert(s).values(team.map((m) => ({ openKfid: kf.open_kfid, userid: m.userid, wecomStatus: 0, updatedAt: now })))
      .onConflictDoNothing();
  }
}
