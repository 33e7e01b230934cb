/**
 * @module Guards: the engine's safety rules, each an explicit trace entry. `assessGuards` reads the facts
 * once per decision; `admit` decides for every planned action whether it goes out or which guard stops it.
 */
import type { CompiledRuleSet } from './compile';
import { SEND_TYPES, type Facts, type GuardId, type GuardTrace, type PlannedAction } from './types';

export interface GuardState {
  windowKey: string;
  muted: boolean;
  mutedUntil: string | null;
  humanRecent: boolean;
  flood: boolean;
  offerRecent: boolean;
  escalated: boolean;
  /** The conversation's sent notices (`noticeKeyOf` entries; a bare windowKey is an older record of any notice). */
  noticesSent: ReadonlySet<string>;
  sendCap: number;
  capBy: 'quota' | 'max_sends';
  offHoursKinds: ReadonlySet<string>;
  // what this decision has planned so far
  sends: number;
  noticePlanned: boolean;
  offerPlanned: boolean;
  planned: Set<string>;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/**
 * The `conversation.noticesSent` entry of a notice of `kind` in the window stretch `windowKey`. A notice is once per
 * stretch AND kind: a customer told "busy, someone will reply soon" is told again when the agent goes 勿扰 in the same
 * stretch — the first notice is no longer true, and holding the second back would leave them in silence.
 */
export function noticeKeyOf(windowKey: string, kind: string): string {
  return `${windowKey}#${kind}`;
}

/** The notice kinds already sent in this stretch (`*`: a bare windowKey, recorded before notices were kept per kind). */
function noticesSentIn(st: Pick<GuardState, 'noticesSent' | 'windowKey'>): string[] {
  return [...st.noticesSent].flatMap((k) => (k === st.windowKey ? ['*'] : k.startsWith(`${st.windowKey}#`) ? [k.slice(st.windowKey.length + 1)] : []));
}

export function repeatCount(f: Facts, windowMinutes: number, nowMs: number): number {
  const times = f.conversation.sameContentTimes;
  if (!times) return f.conversation.sameContentCount;
  let n = 0;
  for (const t of times) if (nowMs - Date.parse(t) <= windowMinutes * 60_000) n++;
  return Math.max(n, 1);
}

/** Read every guard's condition from the facts; the trace lists each guard, active or not. */
export function assessGuards(f: Facts, cs: CompiledRuleSet, nowMs: number): { state: GuardState; entries: GuardTrace[] } {
  const s = cs.settings;
  const c = f.conversation;
  const mutedMs = ms(c.mutedUntil);
  const humanMs = ms(c.lastHumanReplyAt);
  const offerMs = ms(c.transferOfferSentAt);
  const repeats = repeatCount(f, s.repeat.windowMinutes, nowMs);
  const e = f.emotion;
  const rising = (e.trend ?? 0) >= s.emotion.riseDelta && e.score >= s.emotion.riseMinScore;
  const quota = Math.max(0, Math.min(5, Math.floor(c.quotaLeft)));
  const state: GuardState = {
    windowKey: f.time.windowKey,
    muted: mutedMs !== null && mutedMs > nowMs,
    mutedUntil: c.mutedUntil ?? null,
    humanRecent: humanMs !== null && nowMs - humanMs < s.humanQuietMinutes * 60_000,
    flood: repeats > s.repeat.threshold,
    offerRecent: offerMs !== null && nowMs - offerMs < s.repeat.muteMinutes * 60_000,
    escalated: s.emotion.enabled && (e.score >= s.emotion.escalateAt || rising),
    noticesSent: new Set(c.noticesSent),
    sendCap: Math.min(quota, s.maxSendsPerMessage),
    capBy: quota <= s.maxSendsPerMessage ? 'quota' : 'max_sends',
    offHoursKinds: cs.offHoursKinds,
    sends: 0,
    noticePlanned: false,
    offerPlanned: false,
    planned: new Set(),
  };
  const mins = (a: number | null) => (a === null ? 'never' : `${Math.round((nowMs - a) / 60_000)} min ago`);
  const sentKinds = noticesSentIn(state);
  const entries: GuardTrace[] = [
    { guard: 'probe', active: f.message.isProbe, detail: f.message.isProbe ? 'probe message: dry run, nothing is sent' : 'real message' },
    {
      guard: 'muted', active: state.muted,
      detail: state.muted ? `auto-replies muted until ${c.mutedUntil}` : 'not muted',
      ...(state.muted ? { allows: ['transfer', 'alert_manager', 'tag', 'mute', 'follow_up'] } : {}),
    },
    {
      guard: 'human_recent', active: state.humanRecent,
      detail: `last human reply ${mins(humanMs)} (quiet period ${s.humanQuietMinutes} min)`,
      ...(state.humanRecent ? { allows: ['transfer', 'alert_manager', 'tag', 'mute', 'follow_up'] } : {}),
    },
    {
      guard: 'repeat_flood', active: state.flood,
      detail: `same content ${repeats}× within ${s.repeat.windowMinutes} min (limit ${s.repeat.threshold})`,
    },
    {
      guard: 'emotion_escalation', active: state.escalated,
      detail: `emotion ${e.score.toFixed(2)}${e.trend !== undefined ? `, trend ${e.trend >= 0 ? '+' : ''}${e.trend.toFixed(2)}` : ''} (escalate at ≥ ${s.emotion.escalateAt}, or rise ≥ ${s.emotion.riseDelta} from ≥ ${s.emotion.riseMinScore})`,
    },
    {
      guard: 'off_hours_once', active: sentKinds.length > 0,
      detail: sentKinds.length > 0 ? `off-hours notice already sent for ${f.time.windowKey} (${sentKinds.join(', ')})` : `no notice sent yet for ${f.time.windowKey}`,
    },
    { guard: 'offer_once', active: state.offerRecent, detail: `transfer offer sent ${mins(offerMs)}` },
    { guard: 'quota', active: false, detail: `WeCom sends left ${quota}/5, at most ${s.maxSendsPerMessage} per message → ${state.sendCap}` },
    {
      guard: 'nobody_available', active: false,
      detail: f.receivers === undefined ? 'who can receive is not known' : `${f.receivers.length} person(s) can receive now${f.receivers[0] ? ` (first: ${f.receivers[0].userid})` : ''}`,
    },
  ];
  return { state, entries };
}

export interface Verdict {
  guard: GuardId;
  reason: string;
}

const SENDS = new Set<string>(SEND_TYPES);
export const isSend = (a: PlannedAction): a is Extract<PlannedAction, { kind: unknown }> => SENDS.has(a.type);

/** Admit one planned action (mutating the state and stamping `noticeKey`) or say which guard stops it. */
export function admit(st: GuardState, a: PlannedAction): Verdict | null {
  if (isSend(a)) {
    if (st.muted) return { guard: 'muted', reason: `auto-replies muted until ${st.mutedUntil}` };
    if (st.humanRecent) return { guard: 'human_recent', reason: 'a human replied recently' };
    const offer = a.type === 'offer_transfer';
    if (st.flood && !offer) return { guard: 'repeat_flood', reason: 'repeated content: only the transfer offer may be sent' };
    if (offer && (st.offerRecent || st.offerPlanned)) return { guard: 'offer_once', reason: 'transfer offer already sent' };
    const notice = st.offHoursKinds.has(a.kind);
    const sent = notice && noticesSentIn(st).some((k) => k === '*' || k === a.kind);
    if (notice && (sent || st.noticePlanned)) {
      return { guard: 'off_hours_once', reason: `off-hours notice already ${sent ? 'sent' : 'planned'} for ${st.windowKey}` };
    }
    const key = `send:${a.kind}:${a.templateId ?? ''}`;
    if (st.planned.has(key)) return { guard: 'duplicate', reason: `same template (${a.kind}) already planned` };
    if (st.sends >= st.sendCap) {
      return st.capBy === 'quota'
        ? { guard: 'quota', reason: `WeCom quota: ${st.sendCap} send(s) left` }
        : { guard: 'quota', reason: `at most ${st.sendCap} sends per message` };
    }
    st.sends++;
    st.planned.add(key);
    if (offer) st.offerPlanned = true;
    if (notice) { st.noticePlanned = true; a.noticeKey = noticeKeyOf(st.windowKey, a.kind); }
    return null;
  }
  const key =
    a.type === 'tag' ? `tag:${a.tag}`
    : a.type === 'follow_up' ? `follow_up:${a.runRuleId}`
    : a.type;
  if (st.planned.has(key)) return { guard: 'duplicate', reason: `${key} already planned by an earlier rule` };
  st.planned.add(key);
  return null;
}
