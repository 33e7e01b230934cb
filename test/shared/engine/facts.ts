/** @module Test helper: golden-case shorthand → full engine Facts (keeps the JSON tables readable). */
import type { AgentStatus, CalendarWindow } from '../../../shared/domain/vocabulary';
import type { Facts } from '../../../shared/engine/types';

export interface FactsShorthand {
  /** Local time with offset, e.g. `2026-11-26T13:00:00+08:00`. */
  at: string;
  window: CalendarWindow;
  windowKey?: string;
  nextOpen?: string | null;
  text?: string;
  menuId?: string;
  msgtype?: string;
  probe?: boolean;
  first?: boolean;
  /** `refund@0.9` */
  intent?: string;
  emotion?: number | { score: number; trend?: number };
  agent?: AgentStatus | null;
  onDuty?: boolean;
  backup?: boolean;
  manager?: boolean;
  unanswered?: number;
  unansweredSinceMin?: number;
  humanRepliedMinAgo?: number;
  mutedForMin?: number;
  tags?: string[];
  same?: number;
  /** Minutes ago of each identical message. */
  sameAgoMin?: number[];
  quota?: number;
  /** windowKeys already notified; `"current"` stands for this message's windowKey. */
  noticesSent?: string[];
  offerMinAgo?: number;
  assigned?: string | null;
  customerTags?: string[];
  nickname?: string;
  /** Who can receive a session now (userids); omitted = not known. */
  receivers?: string[];
  /** The FAQ lookup: `button:<question>` / `text:<question>@<score>` matched, `miss@<score>` none. */
  faq?: string;
}

function faqFact(s: string): NonNullable<Facts['faq']> {
  const miss = /^miss@([\d.]+)$/.exec(s);
  if (miss) return { entryId: null, question: null, via: 'text', score: Number(miss[1]), matched: false, why: `低于阈值（${miss[1]}）` };
  const m = /^(button|text):([^@]+)(?:@([\d.]+))?$/.exec(s);
  if (!m) throw new Error(`bad "faq": ${s}`);
  const score = m[1] === 'button' ? 1 : Number(m[3] ?? 1);
  return { entryId: 1, question: m[2]!, via: m[1] as 'button' | 'text', score, matched: true, why: `「${m[2]}」得分 ${score}` };
}

const ago = (nowMs: number, min: number) => new Date(nowMs - min * 60_000).toISOString();

export function buildFacts(s: FactsShorthand): Facts {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s.at);
  if (!m) throw new Error(`bad "at": ${s.at}`);
  const [, y, mo, d, hh, mm] = m.map(Number) as [number, number, number, number, number, number];
  const localDate = s.at.slice(0, 10);
  const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  const nowMs = Date.parse(s.at);
  const windowKey = s.windowKey ?? `${localDate}/${s.window}`;
  const [intentId, conf] = (s.intent ?? 'other@0.3').split('@');
  const emotion = typeof s.emotion === 'number' ? { score: s.emotion } : (s.emotion ?? { score: 0.1 });
  const agent = s.agent === undefined ? 'online' : s.agent;
  const facts: Facts = {
    now: s.at,
    time: {
      localDate, weekday: dow === 0 ? 7 : dow, minuteOfDay: hh * 60 + mm, window: s.window, windowKey,
      nextOpenAt: s.nextOpen === undefined ? null : s.nextOpen,
    },
    message: {
      text: s.text ?? '你好', msgtype: s.msgtype ?? 'text', isProbe: s.probe ?? false, isFirstOfSession: s.first ?? false,
      ...(s.menuId ? { menuId: s.menuId } : {}),
    },
    intent: { id: intentId ?? 'other', confidence: Number(conf ?? 0.3) },
    emotion,
    conversation: {
      unansweredCount: s.unanswered ?? 1,
      unansweredSince: s.unansweredSinceMin === undefined ? null : ago(nowMs, s.unansweredSinceMin),
      lastHumanReplyAt: s.humanRepliedMinAgo === undefined ? null : ago(nowMs, s.humanRepliedMinAgo),
      mutedUntil: s.mutedForMin === undefined ? null : ago(nowMs, -s.mutedForMin),
      tags: s.tags ?? [],
      sameContentCount: s.same ?? s.sameAgoMin?.length ?? 1,
      ...(s.sameAgoMin ? { sameContentTimes: s.sameAgoMin.map((a) => ago(nowMs, a)) } : {}),
      quotaLeft: s.quota ?? 5,
      noticesSent: (s.noticesSent ?? []).map((k) => (k === 'current' ? windowKey : k.startsWith('current#') ? `${windowKey}${k.slice(7)}` : k)),
      transferOfferSentAt: s.offerMinAgo === undefined ? null : ago(nowMs, s.offerMinAgo),
      assignedServicer: s.assigned === undefined ? 'li' : s.assigned,
      dedicatedManager: null,
    },
    agent: agent === null ? null : { userid: 'li', name: '李娜', status: agent },
    onDuty: s.onDuty === false ? null : { userid: 'zhang', name: '张伟' },
    backup: s.backup === false ? null : { userid: 'wang', name: '王芳' },
    manager: s.manager === false ? null : { userid: 'boss', name: '陈经理' },
    customer: { tags: s.customerTags ?? [], ...(s.nickname ? { nickname: s.nickname } : {}) },
    ...(s.receivers ? { receivers: s.receivers.map((u) => ({ userid: u, name: u })) } : {}),
    ...(s.faq ? { faq: faqFact(s.faq) } : {}),
  };
  return facts;
}
