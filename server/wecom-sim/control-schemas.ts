/**
 * @module zod schemas (and their input types) of the `/sim/` control API, shared by the HTTP routes,
 * the in-process control object and the typed control client.
 */
import { z } from 'zod';

const Who = {
  /** Defaults to the first seeded kf account. */
  open_kfid: z.string().optional(),
  external_userid: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  nickname: z.string().optional(),
};

export const CustomerSend = z.discriminatedUnion('msgtype', [
  z.object({ ...Who, msgtype: z.literal('text'), content: z.string().min(1) }),
  z.object({ ...Who, msgtype: z.literal('menu_click'), menu_id: z.string().min(1) }),
  z.object({ ...Who, msgtype: z.enum(['image', 'voice', 'video', 'file']), media_id: z.string().optional() }),
  z.object({ ...Who, msgtype: z.literal('location'), latitude: z.number(), longitude: z.number(), name: z.string().default(''), address: z.string().default('') }),
  z.object({ ...Who, msgtype: z.literal('link'), title: z.string(), desc: z.string().default(''), url: z.string(), pic_url: z.string().default('') }),
]);
export type CustomerSendInput = z.input<typeof CustomerSend>;

export const CustomerEnter = z.object({ ...Who, scene: z.string().default(''), scene_param: z.string().default('') });
export type CustomerEnterInput = z.input<typeof CustomerEnter>;

export const InboxQuery = z.object({ external_userid: z.string().min(1), open_kfid: z.string().optional() });
export type InboxQueryInput = z.input<typeof InboxQuery>;

/** Wait until the customer's inbox holds more than `after` items (at most `timeout_ms`, up to 60 s). */
export const InboxWait = z.object({ external_userid: z.string().min(1), after: z.number().int().min(0).default(0), timeout_ms: z.number().int().min(0).max(60_000).default(10_000) });
export type InboxWaitInput = z.input<typeof InboxWait>;

/** An agent's message from the WeCom client: text (`content`) or — from the kf toolbar — a menu card (`msgmenu`). */
export const AgentReply = z.union([
  z.object({ open_kfid: z.string().optional(), external_userid: z.string().min(1), userid: z.string().min(1), content: z.string().min(1) }),
  z.object({
    open_kfid: z.string().optional(), external_userid: z.string().min(1), userid: z.string().min(1),
    msgmenu: z.object({ head_content: z.string().optional(), list: z.array(z.record(z.string(), z.unknown())).max(10), tail_content: z.string().optional() }),
  }),
]);
export type AgentReplyInput = z.input<typeof AgentReply>;

export const AgentSession = z.object({
  open_kfid: z.string().optional(),
  external_userid: z.string().min(1),
  userid: z.string().min(1),
  action: z.enum(['take', 'transfer', 'end', 'reopen']),
  to_userid: z.string().optional(),
});
export type AgentSessionInput = z.input<typeof AgentSession>;

export const CustomerRecall = z.object({ open_kfid: z.string().optional(), external_userid: z.string().min(1), msgid: z.string().min(1) });
export type CustomerRecallInput = z.input<typeof CustomerRecall>;

export const AgentRecall = z.object({ open_kfid: z.string().optional(), external_userid: z.string().min(1), userid: z.string().min(1), msgid: z.string().min(1) });
export type AgentRecallInput = z.input<typeof AgentRecall>;

export const ServicerStatus = z.object({ userid: z.string().min(1), status: z.enum(['receiving', 'stopped', 'paused']) });
export type ServicerStatusInput = z.input<typeof ServicerStatus>;

export const CheckinInput = z.object({
  userid: z.string().min(1),
  checkin_type: z.enum(['上班打卡', '下班打卡', '外出打卡']),
  /** Unix seconds; defaults to the simulator's now. */
  checkin_time: z.number().int().optional(),
  sch_checkin_time: z.number().int().optional(),
  exception_type: z.string().default(''),
  groupname: z.string().default('Moonshift 打卡'),
  location_title: z.string().default(''),
  location_detail: z.string().default(''),
  notes: z.string().default(''),
});
export type CheckinRecordInput = z.input<typeof CheckinInput>;

export const OauthCode = z.union([
  z.object({ userid: z.string().min(1) }),
  z.object({ external_userid: z.string().min(1), openid: z.string().optional() }),
]);
export type OauthCodeInput = z.input<typeof OauthCode>;

export const ContactWayScan = z.object({ config_id: z.string().min(1), external_userid: z.string().min(1), name: z.string().default('') });
export type ContactWayScanInput = z.input<typeof ContactWayScan>;

export const FaultsInput = z.object({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: z.object({
    rate: z.number().min(0).max(1), errcode: z.number().int().optional(), seed: z.number().int().optional(),
    paths: z.array(z.string()).optional(),
  }).nullable().optional(),
  nextErrors: z.array(z.object({ path: z.string().min(1), errcode: z.number().int(), count: z.number().int().min(1).optional() })).optional(),
  revokeTokens: z.boolean().optional(),
  dropCallbacks: z.number().int().min(0).optional(),
  syncEmptyHasMoreOnce: z.boolean().optional(),
  sendFail: z.object({ count: z.number().int().min(1).optional(), fail_type: z.number().int().optional() }).nullable().optional(),
});
export type FaultsInputType = z.input<typeof FaultsInput>;

export const ClockInput = z.union([z.object({ advanceMs: z.number() }), z.object({ offsetMs: z.number() })]);
export type ClockInputType = z.input<typeof ClockInput>;

export const CallbackConfig = z.object({
  url: z.string().url().nullable().optional(),
  /** Several instances behind one address: each delivery attempt goes to the next (replaces `url`). */
  urls: z.array(z.string().url()).min(1).optional(),
  token: z.string().min(1).optional(),
  encodingAESKey: z.string().length(43).optional(),
});
export type CallbackConfigInput = z.input<typeof CallbackConfig>;

export const AccountMode = z.object({ open_kfid: z.string().min(1), apiMode: z.boolean() });
export type AccountModeInput = z.input<typeof AccountMode>;

export const VerifyCallback = z.object({ url: z.string().url().optional() });

export const AccountSettings = z.object({
  open_kfid: z.string().min(1),
  apiManaged: z.boolean().optional(),
  nativeWelcome: z.string().min(1).nullable().optional(),
  consoleReception: z.boolean().optional(),
}).strict(); // an unknown setting (e.g. the reception mode, which is `POST /sim/account/mode`) is a 400, not ignored
export type AccountSettingsInput = z.input<typeof AccountSettings>;

const secret = z.string().min(1).nullable().optional();
export const CorpInput = z.object({
  createdAt: z.iso.date().optional(),
  callable: z.object({ kf: z.boolean().optional(), checkin: z.boolean().optional(), externalcontact: z.boolean().optional() }).strict().optional(),
  contactsApiEdit: z.boolean().optional(),
  trustedIp: z.boolean().optional(),
  /** System-app secrets by kind; null removes one. */
  secrets: z.object({ contact: secret, checkin: secret, externalcontact: secret, kf: secret }).strict().optional(),
}).strict();
export type CorpInputType = z.input<typeof CorpInput>;

export const MemberInput = z.object({ userid: z.string().min(1), activated: z.boolean() }).strict();
export type MemberInputType = z.input<typeof MemberInput>;
