/**
 * @module The 「联系我」codes the walls show: the shared duty 活码 (type 2; `update_contact_way` keeps its QR
 * while its user list follows the duty) stored in app_settings `profile.dutyContactWay`, and each agent's own
 * code (type 1) stored with their wall. Creation is single-flight per code.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { SETTINGS, type DutyCode } from '../config/catalogue';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { ensureWallIn } from '../walls/walls';

export async function readDutyCode(q: Queries): Promise<DutyCode | null> {
  const code = await readSettingIn(q, SETTINGS.dutyCode);
  return code.configId ? code : null;
}

export async function saveDutyCode(tx: Tx, d: Pick<CoreDeps, 'clock'>, code: DutyCode): Promise<void> {
  await writeSettingIn(tx, SETTINGS.dutyCode, code, { at: d.clock.now(), by: 'profile-sync' });
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

  /** Creates the duty 活码 pointing at `users` if it does not exist yet; returns it. `wecom`: a job's step passes `once`. */
  createDutyCode(users: string[], wecom: CoreDeps['wecom'] = this.d.wecom): Promise<DutyCode> {
    return this.once('duty', async () => {
      const { uow } = this.d.shared;
      const existing = await uow.read(readDutyCode);
      if (existing) return existing;
      const res = await wecom.addContactWay({
        type: 2, scene: 2, remark: 'Moonshift 值班活码', state: 'moonshift_duty', skip_verify: true, user: users,
      });
      const code = { configId: res.config_id, qrCode: res.qr_code, users, syncedAt: this.d.clock.now() };
      await uow.run((tx) => saveDutyCode(tx, this.d, code));
      return code;
    });
  }

  /** The agent's own contact code (created on first use); null when WeCom refuses. */
  async agentCode(userid: string): Promise<{ qrCode: string; createdAt: number } | null> {
    const { uow } = this.d.shared;
    const wall = await uow.run((tx) => ensureWallIn(tx, 'agent', userid, this.d.clock.now()));
    if (wall.qrCode) return { qrCode: wall.qrCode, createdAt: wall.createdAt };
    return this.once(`agent:${userid}`, async () => {
      try {
        const res = await this.d.wecom.addContactWay({ type: 1, scene: 2, remark: 'Moonshift 名片墙', state: `wall_${wall.slug.slice(0, 8)}`, skip_verify: true, user: [userid] });
        await uow.run(async (tx) => {
          await tx.db.update(tx.t.profileWalls).set({ configId: res.config_id, qrCode: res.qr_code }).where(eq(tx.t.profileWalls.slug, wall.slug));
        });
        return { qrCode: res.qr_code, createdAt: this.d.clock.now() };
      } catch (err) {
        this.d.log.warn({ userid, err: err instanceof Error ? err.message : String(err) }, 'agent contact code unavailable');
        return null;
      }
    });
  }
}
