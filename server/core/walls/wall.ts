/**
 * @module The profile wall's content at an instant: whose wall, their status, the calendar window, whether
 * the night theme applies (agent dnd/moon/offline, or night/weekend/holiday), which QR code to show
 * (own code by day, the duty 活码 at night, with its last-confirmed time) and the next opening; while the route is on
 * the backup channel (main unanswered), the wall sends customers there instead (`backup`), and its night QR is the
 * backup channel's QR image (e.g. the 部门群活码) when one is set.
 */
import { asc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { ProfileWall } from '../../adapters/db/sqlite/schema/index';
import { first } from '../ports/queries';
import { findOnDutyIn, type OnDuty } from '../duty/on-duty';
import { readDutyCode, type ContactCodes } from '../profile-sync/codes';
import { baseUrl } from './walls';
import { formatNextOpen, localParts, windowAt } from '../../../shared/calendar/index';
import type { AgentStatus, CalendarWindow } from '../../../shared/domain/vocabulary';
import { AWAY_STATUSES, OFF_WINDOWS, STATUS_LABEL, WINDOW_LABEL } from './copy';
import { SETTINGS } from '../config/catalogue';
import { calendarForIn } from '../config/calendar';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { activeChannelIn } from '../escalation/routing';

export interface WallView {
  /** The company the customer is talking to (org settings). */
  orgName: string;
  title: string;
  status: AgentStatus | null;
  statusLabel: string;
  window: CalendarWindow;
  windowLabel: string;
  night: boolean;
  away: boolean;
  nextOpen: string | null;
  onDuty: OnDuty | null;
  qr: { url: string; caption: string; updatedAt: string; pending: boolean } | null;
  chatUrl: string | null;
  appointmentUrl: string | null;
  /** What the QR card says when there is no code to show. */
  noCodeText: string;
  hint: string | null;
  /** The route switched to the backup channel (main unanswered): customers are sent there until main answers again. */
  backup: { name: string; url: string; since: string } | null;
}

/** The 微信客服 chat link (created once with kf/add_contact_way, kept in app_settings). */
async function kfLink(d: CoreDeps): Promise<string | null> {
  const { uow } = d.shared;
  const { saved, account } = await uow.read(async (q) => {
    const link = (await readSettingIn(q, SETTINGS.kfLink)).url;
    return { saved: link, account: link ? undefined : await first(q.db.select().from(q.t.kfAccounts).orderBy(asc(q.t.kfAccounts.createdAt)).limit(1)) };
  });
  if (saved) return saved;
  if (!account) return null;
  try {
    const { url } = await d.wecom.addKfContactWay(account.openKfid, 'wall');
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.kfLink, { url }, { at: d.clock.now(), by: 'pages' }));
    return url;
  } catch {
    return null;
  }
}

function withSceneParam(url: string, param: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}scene_param=${encodeURIComponent(param)}`;
}

/** Where the wall's buttons lead: the 微信客服 chat — in demo mode the demo customer chat, which cannot open WeChat. */
async function chatEntry(d: CoreDeps): Promise<string | null> {
  return d.config.mode === 'demo' ? `${baseUrl(d)}/demo` : kfLink(d);
}

export async function buildWall(d: CoreDeps, codes: ContactCodes | undefined, wall: ProfileWall): Promise<WallView> {
  const now = d.clock.now();
  // a transaction, not a read: the route ends a backup stretch that is over as it reads it
  const { calendar, agent, onDuty, route, channel, dutyCode } = await d.shared.uow.run(async (q) => {
    return {
      calendar: await calendarForIn(q),
      agent: wall.kind === 'agent' ? await first(q.db.select().from(q.t.agents).where(eq(q.t.agents.userid, wall.target)).limit(1)) : undefined,
      onDuty: await findOnDutyIn(q, now),
      ...await activeChannelIn(q),
      dutyCode: await readDutyCode(q),
    };
  });
  const w = windowAt(calendar, new Date(now));
  const status: AgentStatus | null = agent ? agent.status : onDuty ? 'online' : null;
  const away = status === null || AWAY_STATUSES.has(status);
  const night = away || OFF_WINDOWS.has(w.window);
  const hm = (ms: number) => { const p = localParts(ms, calendar.timeZone); return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`; };
  const name = agent?.name ?? '值班客服';

  const backupChannel = route.active === 'backup' && channel?.role === 'backup' ? channel : null;
  let qr: WallView['qr'] = null;
  if (!night && agent && codes) {
    const own = await codes.agentCode(agent.userid);
    if (own) qr = { url: own.qrCode, caption: `扫码添加 ${agent.name}`, updatedAt: hm(own.createdAt), pending: false };
  } else if (night && backupChannel?.qrUrl) {
    // the route is on the backup channel (main unanswered): its QR, not the duty 活码, until main answers again
    qr = { url: backupChannel.qrUrl, caption: backupChannel.name, updatedAt: hm(backupChannel.updatedAt), pending: false };
  } else if (night) {
    let code = dutyCode;
    if (!code && onDuty && codes) code = await codes.createDutyCode([onDuty.userid]).catch(() => null);
    if (code && onDuty) {
      qr = { url: code.qrCode, caption: `值班同事 ${onDuty.name}`, updatedAt: hm(code.syncedAt), pending: !code.users.includes(onDuty.userid) };
    }
  }

  const link = await chatEntry(d);
  const open = w.window === 'open';
  const nextOpen = w.nextOpen && !open ? formatNextOpen(w.nextOpen, calendar.timeZone, 'zh', { now: new Date(now) }) : null;
  // open hours with this agent away: the desk is open, a colleague on duty answers (no "after we reopen")
  const colleague = open && away && onDuty && onDuty.userid !== agent?.userid ? onDuty.name : null;
  const hint = !away && open ? null
    : open ? `${agent ? `${agent.name}暂时不在。` : ''}${colleague ? `值班同事${colleague}可以为您服务，点“立即咨询”即可；` : ''}也可以预约回电，我们会按时联系您。`
      : `现在是${WINDOW_LABEL[w.window]}${nextOpen ? `，${nextOpen} 恢复服务` : ''}。您可以先留言或预约回电，着急的问题在会话里回复“紧急”。`;
  const noCodeText = open ? '同事们暂时都不在，请预约回电，我们会尽快联系您。' : '现在是休息时间，请预约回电，我们上班后第一时间联系您。';
  const backup = backupChannel?.url ? { name: backupChannel.name, url: backupChannel.url, since: route.since ? hm(route.since) : '' } : null;
  const canChat = !night || colleague !== null;
  return {
    orgName: (await d.shared.uow.read((q) => d.org.orgProfileIn(q))).name,
    title: name, status, statusLabel: status ? STATUS_LABEL[status] : '暂无值班', window: w.window, windowLabel: WINDOW_LABEL[w.window],
    night, away, nextOpen, onDuty, qr,
    chatUrl: backup && canChat ? backup.url : link && canChat ? withSceneParam(link, `wall_${wall.slug.slice(0, 8)}`) : null,
    appointmentUrl: link && night ? withSceneParam(link, 'appointment') : null,
    noCodeText, hint, backup,
  };
}
