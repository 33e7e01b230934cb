/**
 * @module Demo duty setup (idempotent: only when no group exists): three groups over the demo agents with
 * per-weekday rotation, A/B posts and a manager each, plus a main (客服 link) and a backup channel.
 */
import { invalidateDutyIn } from './on-duty';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';

export const DEMO_DUTY_GROUPS = [
  { name: '一组（周一三五）', position: 0, rotation: { kind: 'weekdays', days: [1, 3, 5] }, primaryUserid: 'zhangsan', backupUserid: 'lisi', managerUserid: 'wangwu' },
  { name: '二组（周二四）', position: 1, rotation: { kind: 'weekdays', days: [2, 4] }, primaryUserid: 'lisi', backupUserid: 'wangwu', managerUserid: 'zhangsan' },
  { name: '三组（周末）', position: 2, rotation: { kind: 'weekdays', days: [6, 7] }, primaryUserid: 'wangwu', backupUserid: 'zhangsan', managerUserid: 'lisi' },
] as const;

/** The demo 部门群活码's QR image, shaped like the simulator's 「联系我」 qr_code (server/wecom-sim/routes/contact.ts). */
export const DEMO_BACKUP_QR = 'https://wework.qpic.cn/wwpic/sim_backup_dept_group/0';

/** One unit of work; nothing when a duty group exists already. */
export async function seedDutyDemo(d: Pick<CoreDeps, 'clock'> & { shared: Pick<CoreDeps['shared'], 'uow'> }, publicBaseUrl = 'http://127.0.0.1:8787'): Promise<void> {
  const now = d.clock.now();
  await d.shared.uow.run(async (tx) => {
    const { dutyGroups, dutyChannels } = tx.t;
    if (await first(tx.db.select({ id: dutyGroups.id }).from(dutyGroups).limit(1))) return;
    await tx.db.insert(dutyGroups).values(DEMO_DUTY_GROUPS.map((g) => ({ ...g, rotation: JSON.stringify(g.rotation), createdAt: now, updatedAt: now })));
    await tx.db.insert(dutyChannels).values([
      { role: 'main', name: '微信客服（主渠道）', type: 'kf_link', url: `${publicBaseUrl}/demo/`, createdAt: now, updatedAt: now },
      { role: 'backup', name: '售后部门群码（备用渠道）', type: 'contact_way', url: `${publicBaseUrl}/demo/?channel=backup`, qrUrl: DEMO_BACKUP_QR, createdAt: now, updatedAt: now },
    ]);
    invalidateDutyIn(tx);
  });
}
