/** @module Request and response shapes of the WeCom server APIs Moonshift uses (WECOM.md §1, §3, §4). */

export interface WecomResponse { errcode: number; errmsg: string }

export type KfTextBody = { msgtype: 'text'; text: { content: string; menu_id?: string } };
export type MsgMenuItem =
  | { type: 'click'; click: { id: string; content: string } }
  | { type: 'view'; view: { url: string; content: string } }
  | { type: 'miniprogram'; miniprogram: { appid: string; pagepath: string; content: string } }
  | { type: 'text'; text: { content: string; no_newline?: number } };
export type KfMenuBody = { msgtype: 'msgmenu'; msgmenu: { head_content?: string; list: MsgMenuItem[]; tail_content?: string } };
export type KfLinkBody = { msgtype: 'link'; link: { title: string; desc?: string; url: string; thumb_media_id: string } };
export type KfSendBody = KfTextBody | KfMenuBody | KfLinkBody;

export interface SyncMsgRequest { cursor?: string; token?: string; limit?: number; voice_format?: number; open_kfid: string }
export interface KfMessage {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  send_time: number;
  origin: number;
  servicer_userid?: string;
  msgtype: string;
  [body: string]: unknown;
}
export interface SyncMsgResponse extends WecomResponse { next_cursor: string; has_more: 0 | 1; msg_list: KfMessage[] }

export type SendMsgRequest = { touser: string; open_kfid: string; msgid?: string } & KfSendBody;
export type SendMsgOnEventRequest = { code: string; msgid?: string } & (KfTextBody | KfMenuBody);

export interface ServiceStateGetResponse extends WecomResponse { service_state: number; servicer_userid?: string }
export interface ServiceStateTransRequest { open_kfid: string; external_userid: string; service_state: number; servicer_userid?: string }

export interface KfAccountInfo { open_kfid: string; name: string; avatar?: string; manage_privilege?: boolean }
export interface ServicerInfo { userid?: string; department_id?: number; status?: number; stop_type?: number }
export interface KfCustomer {
  external_userid: string;
  nickname: string;
  avatar?: string;
  gender?: number;
  unionid?: string;
  enter_session_context?: { scene?: string; scene_param?: string; wechat_channels?: unknown };
}

export type ExternalAttr =
  | { type: 0; name: string; text: { value: string } }
  | { type: 1; name: string; web: { url: string; title: string } }
  | { type: 2; name: string; miniprogram: { appid: string; pagepath: string; title: string } };
export interface UserUpdateRequest {
  userid: string;
  external_position?: string;
  external_profile?: { external_corp_name?: string; external_attr: ExternalAttr[] };
}

export interface ContactWayRequest {
  type: 1 | 2;
  scene: 1 | 2;
  remark?: string;
  skip_verify?: boolean;
  state?: string;
  user?: string[];
  party?: number[];
}
export interface ContactWayUpdate { config_id: string; remark?: string; skip_verify?: boolean; state?: string; user?: string[]; party?: number[] }
export interface ContactWay extends ContactWayRequest { config_id: string; qr_code: string }

export interface CheckinRecord {
  userid: string;
  checkin_type: string;
  exception_type: string;
  checkin_time: number;
  sch_checkin_time?: number;
  [field: string]: unknown;
}

export interface TextCard { title: string; description: string; url: string; btntxt?: string }
export interface AppMessageResponse extends WecomResponse { invaliduser?: string; msgid?: string }
