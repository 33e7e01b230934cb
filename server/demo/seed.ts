/** @module Seeds Moonshift's database with the demo corp (idempotent: a restart keeps what the user changed). */
import type { Clock } from '../clock';
import type { Db } from '../db/index';
import { agents, kfAccounts, kfServicers } from '../db/schema/index';
import { DEMO_ORG, DEMO_TEAMS } from './seed-data';
import { SETTINGS } from '../config/catalogue';
import { readOwnSetting, writeSetting } from '../config/settings';

export function seedDemo(db: Db, clock: Clock): void {
  const now = clock.now();
  db.transaction((tx) => {
    if (readOwnSetting(tx, SETTINGS.org) === undefined) writeSetting(tx, SETTINGS.org, DEMO_ORG, { at: now, by: 'demo' });
    for (const { kf, agents: team } of DEMO_TEAMS) {
      tx.insert(kfAccounts).values({ openKfid: kf.open_kfid, name: kf.name, createdAt: now }).onConflictDoNothing().run();
      for (const a of team) {
        tx.insert(agents).values({ userid: a.userid, name: a.name, status: 'moon', statusSource: 'system', statusChangedAt: now, createdAt: now })
          .onConflictDoNothing().run();
        tx.insert(kfServicers).values({ openKfid: kf.open_kfid, userid: a.userid, wecomStatus: 0, updatedAt: now })
          .onConflictDoNothing().run();
      }
    }
  });
}
