/**
 * @module The no-silence oracle, judged from state independent of the product's decision path: what the
 * simulator says the customer received, who holds the session and who is 接待中 there, the agents' Moonshift
 * statuses, the service calendar, and what the soak itself sent. After a customer message (within 10 s of
 * simulated time) exactly one of these must hold:
 *  - `answered`: the customer has a bot message that is true at this moment (an answer sent after the message;
 *    or a statement about their situation that still holds — off hours in the same stretch, nobody available,
 *    a transfer promise only if a person who is online and 接待中 holds the session …);
 *  - `person_holds`: a person who is online and 接待中 holds the session, and an escalation is armed;
 *  - `repeat_mute`: the repeat offer (or its truthful no-agent form) was sent after more than 3 identical messages;
 *  - `annoyed_silence`: the 别烦我 apology was sent before;
 *  - `quota_spent`: the simulator's send counter for the customer is 0.
 */
import { windowAt, type CalendarConfig } from '../../../shared/calendar/index';
import type { InboxItem } from '../../../server/wecom-sim/state';
import type { SimSnapshot } from '../../../server/wecom-sim/snapshot';

/** `answered`: a true bot message after this one; `still_true`: no new message, but an earlier one still holds. */
export type Outcome = 'answered' | 'still_true' | 'person_holds' | 'repeat_mute' | 'annoyed_silence' | 'quota_spent';
export const OUTCOMES: Outcome[] = ['answered', 'still_true', 'person_holds', 'repeat_mute', 'annoyed_silence', 'quota_spent'];

export interface Sent { text: string; at: number }

export interface OracleInput {
  customer: string;
  /** The 微信客服 account the customer writes to: only its servicers can take the session. */
  openKfid: string;
  /** The customer message being judged (simulator time, ms). */
  message: Sent;
  /** Everything this customer sent, oldest first. */
  history: Sent[];
  inbox: InboxItem[];
  sim: SimSnapshot;
  /** Moonshift statuses by userid, and names. */
  agents: { userid: string; name: string; status: string }[];
  /** An escalation timer is armed for the conversation. */
  escalationArmed: boolean;
  calendar: CalendarConfig;
  now: number;
}

export interface Verdict { outcome: Outcome | null; why: string }

const AVAILABLE = new Set(['online', 'busy']);
const MUTE_REPEAT_MS = 30 * 60_000, MUTE_ANNOYED_MS = 240 * 60_000, REPEAT_WINDOW_MS = 5 * 60_000;
const ANNOYED = /别烦我|别发了|不要再发了|烦死了|骚扰|闭嘴|别再发/;

/**
 * People who could take the conversation now: servicers of the customer's 微信客服 account (another team's agents
 * cannot), online (or busy) in Moonshift and 接待中 in the simulator.
 */
export function receivers(i: Pick<OracleInput, 'agents' | 'sim' | 'openKfid'>): string[] {
  const servicers = new Set(i.sim.accounts.find((a) => a.open_kfid === i.openKfid)?.servicers.map((s) => s.userid));
  const receiving = new Set(i.sim.members.filter((m) => m.servicer_status === 'receiving').map((m) => m.userid));
  return i.agents.filter((a) => AVAILABLE.has(a.status) && servicers.has(a.userid) && receiving.has(a.userid)).map((a) => a.userid);
}

function session(i: OracleInput) {
  return i.sim.sessions.find((s) => s.open_kfid === i.openKfid && s.external_userid === i.customer);
}

export function personHolds(i: OracleInput): string | null {
  const s = session(i);
  return s && s.service_state === 3 && receivers(i).includes(s.servicer_userid) ? s.servicer_userid : null;
}

type Claim =
  | { kind: 'promise' } | { kind: 'off_hours' } | { kind: 'no_agent' } | { kind: 'closed'; name: string }
  | { kind: 'agent_away'; name: string } | { kind: 'agent_busy'; name: string } | { kind: 'answer' };

/** What a bot message claims about the customer's situation (by the default pack's wording). */
function claimOf(text: string): Claim {
  if (/正在为您(加急)?转接/.test(text)) return { kind: 'promise' };
  const closed = /，([^，]+?)(暂时离开了|已下班)/.exec(text);
  if (closed && text.includes('本次人工会话已结束')) return { kind: 'closed', name: closed[1]! };
  if (text.includes('值班同事暂时不在')) return { kind: 'no_agent' };
  if (/现在是午休时间|现在是非工作时间|节假日休息中|假期\S*客服休息|周末客服休息/.test(text)) return { kind: 'off_hours' };
  const away = /，?([^，]+?)正在处理其他事务/.exec(text);
  if (away) return { kind: 'agent_away', name: away[1]! };
  const busy = /，([^，]+?)会尽快回复您/.exec(text);
  if (busy) return { kind: 'agent_busy', name: busy[1]! };
  return { kind: 'answer' };
}

function nextOpenAt(cal: CalendarConfig, at: number): number | null {
  const w = windowAt(cal, new Date(at));
  return w.window === 'open' ? null : (w.nextOpen?.getTime() ?? null);
}

/**
 * An off-hours statement holds when the customer wrote (or, for the answer to this message, when it was sent):
 * still off hours, in the same stretch as when it was sent.
 */
function offHoursStill(i: OracleInput, sentAt: number): boolean {
  const at = Math.max(sentAt, i.message.at);
  return windowAt(i.calendar, new Date(at)).window !== 'open' && nextOpenAt(i.calendar, at) === nextOpenAt(i.calendar, sentAt);
}

/** The default pack says 客服同事 when no one in particular serves the customer (it names nobody to a new customer). */
const ANYONE = '客服同事';

function statusOf(i: OracleInput, name: string): string | undefined {
  return i.agents.find((a) => a.name === name)?.status;
}

/** Whether the named agent — or, for 客服同事, anyone — has a status in `set`. */
function someoneIn(i: OracleInput, name: string, set: ReadonlySet<string>): boolean {
  return name === ANYONE ? i.agents.some((a) => set.has(a.status)) : set.has(statusOf(i, name) ?? 'none');
}

function isTrue(i: OracleInput, item: InboxItem): boolean {
  const c = claimOf(item.text);
  switch (c.kind) {
    case 'promise': return personHolds(i) !== null;
    case 'off_hours': return offHoursStill(i, item.atMs);
    case 'no_agent': return receivers(i).length === 0;
    case 'closed': {
      const s = session(i);
      const who = i.agents.find((a) => a.name === c.name)?.userid;
      const ended = !(s?.service_state === 3 && s.servicer_userid === who);
      return ended && (!item.text.includes('非工作时间') || offHoursStill(i, item.atMs));
    }
    case 'agent_away': return c.name === ANYONE ? !i.agents.every((a) => AVAILABLE.has(a.status)) : !AVAILABLE.has(statusOf(i, c.name) ?? 'none');
    case 'agent_busy': return someoneIn(i, c.name, AVAILABLE);
    case 'answer': return item.atMs >= i.message.at;
  }
}

function botMessages(i: OracleInput): InboxItem[] {
  return i.inbox.filter((m) => m.sender !== 'agent' && m.recalledAt === undefined);
}

function repeatMuted(i: OracleInput): boolean {
  const recent = i.history.filter((h) => h.at >= i.now - MUTE_REPEAT_MS);
  for (const h of recent) {
    const same = recent.filter((x) => x.text === h.text && x.at <= h.at && h.at - x.at <= REPEAT_WINDOW_MS);
    if (same.length < 4) continue;
    // more than 3 identical within 5 minutes: the offer (or, nobody being available, its truthful form) followed
    if (botMessages(i).some((b) => b.atMs >= h.at && (b.text.includes('需要为您转接人工客服吗') || b.text.includes('值班同事暂时不在')))) return true;
  }
  return false;
}

function annoyedSilence(i: OracleInput): boolean {
  const asked = i.history.filter((h) => ANNOYED.test(h.text) && h.at >= i.now - MUTE_ANNOYED_MS);
  return asked.some((h) => botMessages(i).some((b) => b.atMs >= h.at && b.text.includes('非常抱歉打扰到您')));
}

export function judge(i: OracleInput): Verdict {
  const trueNow = botMessages(i).filter((b) => isTrue(i, b));
  const answer = trueNow.filter((b) => b.atMs >= i.message.at).at(-1);
  if (answer) return { outcome: 'answered', why: answer.text.slice(0, 40) };
  // no new bot message: one of the silences the rules allow, or an earlier statement that still holds
  const holder = personHolds(i);
  if (holder && i.escalationArmed) return { outcome: 'person_holds', why: `${holder} holds it, escalation armed` };
  if (repeatMuted(i)) return { outcome: 'repeat_mute', why: 'offer sent after more than 3 identical messages' };
  if (annoyedSilence(i)) return { outcome: 'annoyed_silence', why: 'apology sent after 别烦我' };
  if (session(i)?.quota_left === 0) return { outcome: 'quota_spent', why: 'simulator quota 0' };
  if (trueNow.length > 0) return { outcome: 'still_true', why: trueNow.at(-1)!.text.slice(0, 40) };
  const s = session(i);
  return {
    outcome: null,
    why: `silence: session ${s?.service_state ?? '-'}/${s?.servicer_userid || '-'}, receivers [${receivers(i).join(',')}], `
      + `holder ${holder ?? '-'}, escalation ${i.escalationArmed ? 'armed' : 'none'}, bot messages: ${botMessages(i).map((b) => `"${b.text.slice(0, 24).replaceAll('\n', ' ')}"`).join(' ') || 'none'}`,
  };
}
