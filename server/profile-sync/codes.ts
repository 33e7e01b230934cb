/**
 * @module The 「联系我」codes the walls show: the shared duty 活码 (type 2; `update_contact_way` keeps its QR
 * while its user list follows the duty) stored in app_settings `profile.dutyContactWay`, and each agent's own
 * code (type 1) stored with their wall. Creation is single-flight per code.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { profileWalls } from '../db/schema/index';
import { SETTINGS, type DutyCode } from '../config/catalogue';
import { readSetting, writeSetting } from '../config/settings';
import { ensureWall } from '../pages/walls';

export function readDutyCode(d: Pick<CoreDeps, 'db'>): DutyCode | null {
  const code = readSetting(d.db, SETTINGS.dutyCode);
  return code.configId ? code : null;
}

export function saveDutyCode(d: Pick<CoreDeps, 'db' | 'clock'>, code: DutyCode): void {
  writeSetting(d.db, SETTINGS.dutyCode, code, { at: d.clock.now(), by: 'profile-sync' });
}

export class ContactCodes {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly d: CoreDeps) {}

  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** Creates the duty 活码 pointing at `users` if it does not exist yet; returns it. */
  createDutyCode(users: string[]): Promise<DutyCode> {
    return this.once('duty', async () => {
      const existing = readDutyCode(this.d);
      if (existing) return existing;
      const res = await this.d.wecom.addContactWay({
        type: 2, scene: 2, remark: 'Moonshift 值班活码', state: 'moonshift_duty', skip_verify: true, user: users,
      });
      const code = { configId: res.config_id, qrCode: res.qr_code, users, syncedAt: this.d.clock.now() };
      saveDutyCode(this.d, code);
      return code;
    });
  }

  /** The agent's own contact code (created on first use); null when WeCom refuses. */
  agentCode(userid: string): Promise<{ qrCode: string; createdAt: number } | null> {
    const wall = ensureWall(this.d.db, 'agent', userid, this.d.clock.now());
    if (wall.qrCode) return Promise.resolve({ qrCode: wall.qrCode, createdAt: wall.createdAt });
    return this.once(`agent:${userid}`, async () => {
      try {
        const res = await this.d.wecom.addContactWay({ type: 1, scene: 2, remark: 'Moonshift 名片墙', state: `wall_${wall.slug.slice(0, 8)}`, skip_verify: true, user: [userid] });
        this.d.db.update(profileWalls).set({ configId: res.config_id, qrCode: res.qr_code }).where(eq(profileWalls.slug, wall.slug)).run();
        return { qrCode: res.qr_code, createdAt: this.d.clock.now() };
      } catch (err) {
        this.d.log.warn({ userid, err: err instanceof Error ? err.message : String(err) }, 'agent contact code unavailable');
        return null;
      }
    });
  }
}
