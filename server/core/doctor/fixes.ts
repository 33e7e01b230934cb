/**
 * @module The console step that fixes each failed capability, in Chinese and English: what the doctor prints and the
 * admin diagnostics page shows. Keyed by capability and errcode (the same errcode means a different console per
 * capability: 48002 on 打卡 is not 48002 on 客户联系); `*` is the capability's fallback.
 */

export interface Fix { zh: string; en: string }

const APP_SECRET: Fix = {
  zh: '管理后台 → 应用管理 → 自建 → Moonshift → Secret「查看」，把它填入 WECOM_SECRET；WECOM_CORP_ID 取自 我的企业 → 企业信息 → 企业ID',
  en: 'Admin console → 应用管理 → 自建 → Moonshift → Secret (view) into WECOM_SECRET; WECOM_CORP_ID from 我的企业 → 企业信息 → 企业ID',
};
const KF_API: Fix = {
  zh: '管理后台 → 微信客服 → 通过API管理 → 选择 Moonshift 应用',
  en: 'Admin console → 微信客服 → 通过API管理 → choose the Moonshift app',
};
const KF_ACCOUNT_API: Fix = {
  zh: '该客服账号还未交给 Moonshift：管理后台 → 微信客服 → 通过API管理 → 选择 Moonshift 应用后，把这个客服账号也勾选为由 API 管理（每个账号都要勾选）',
  en: 'This account is not yet managed by Moonshift: Admin console → 微信客服 → 通过API管理 → with the Moonshift app chosen, tick this 微信客服 account as managed through the API (each account must be ticked)',
};
const CONTACT_SECRET: Fix = {
  zh: '管理后台 → 安全与管理 → 管理工具 → 通讯录同步：开启「API编辑通讯录」，把 Secret 填入 WECOM_CONTACT_SECRET，并把服务器出口 IP 加入「企业可信IP」',
  en: 'Admin console → 安全与管理 → 管理工具 → 通讯录同步: turn on 「API编辑通讯录」, put its Secret into WECOM_CONTACT_SECRET and add the server\'s outbound IP to 「企业可信IP」',
};
const CHECKIN: Fix = {
  zh: '管理后台 → 应用管理 → 打卡 → API → 可调用接口的应用 → 添加 Moonshift（2023-12-01 前创建的企业也可把打卡 Secret 填入 WECOM_CHECKIN_SECRET）',
  en: 'Admin console → 应用管理 → 打卡 → API → 可调用接口的应用 → add Moonshift (corps created before 2023-12-01 may instead put the 打卡 Secret into WECOM_CHECKIN_SECRET)',
};
const EXTERNAL: Fix = {
  zh: '管理后台 → 客户与上下游 → 客户联系 → API → 可调用应用 → 添加 Moonshift（2023-12-01 前创建的企业也可把客户联系 Secret 填入 WECOM_EXTERNAL_CONTACT_SECRET）',
  en: 'Admin console → 客户与上下游 → 客户联系 → API → 可调用应用 → add Moonshift (corps created before 2023-12-01 may instead put the 客户联系 Secret into WECOM_EXTERNAL_CONTACT_SECRET)',
};
const NO_SYSTEM_SECRET = (name: string, fix: Fix): Fix => ({
  zh: `${name} 不是本企业的 Secret（2023-12-01 之后创建的企业没有该 Secret）：删除该变量，改为 ${fix.zh}`,
  en: `${name} is not a secret of this corp (corps created after 2023-12-01 have none): unset it and instead: ${fix.en}`,
});

const FIXES: Record<string, Record<string | number, Fix>> = {
  'token.app': { '*': APP_SECRET },
  'kf.account_list': { 95017: KF_API, '*': KF_API },
  'kf.servicer_list': {
    95017: KF_ACCOUNT_API,
    '*': { zh: '管理后台 → 微信客服 → 点击该账号 → 接待人员：添加 Moonshift 的客服成员', en: 'Admin console → 微信客服 → the account → 接待人员: add the Moonshift agents' },
  },
  'kf.servicers_activated': {
    95014: { zh: '请未激活的接待人员用手机号登录企业微信完成激活（管理后台 → 通讯录 → 成员 → 邀请加入）', en: 'Ask each non-activated servicer to sign in to WeCom once (Admin console → 通讯录 → the member → 邀请加入)' },
  },
  'contact.profile_card': {
    41004: CONTACT_SECRET,
    48002: CONTACT_SECRET,
    60020: { zh: '管理后台 → 安全与管理 → 管理工具 → 通讯录同步 → 企业可信IP：加入服务器出口 IP', en: 'Admin console → 安全与管理 → 管理工具 → 通讯录同步 → 企业可信IP: add the server\'s outbound IP' },
    '*': CONTACT_SECRET,
  },
  'checkin.read': { 40001: NO_SYSTEM_SECRET('WECOM_CHECKIN_SECRET', CHECKIN), '*': CHECKIN },
  'externalcontact.read': { 40001: NO_SYSTEM_SECRET('WECOM_EXTERNAL_CONTACT_SECRET', EXTERNAL), '*': EXTERNAL },
  'jssdk.tickets': {
    '*': { zh: '管理后台 → 应用管理 → Moonshift → 网页授权及JS-SDK：设置可信域名为 PUBLIC_BASE_URL 的域名', en: 'Admin console → 应用管理 → Moonshift → 网页授权及JS-SDK: set the trusted domain to PUBLIC_BASE_URL\'s host' },
  },
};

/**
 * The capability's fix for an errcode; the bare capability name is used (`kf.servicer_list[wk…]` → `kf.servicer_list`).
 * `usesAppSecret`: no system secret of its own is configured, so a 40001 there is the app's secret, not a stray one.
 */
export function fixFor(capability: string, errcode: number, usesAppSecret = false): Fix | undefined {
  const table = FIXES[capability.replace(/\[.*\]$/, '')];
  if (!table) return undefined;
  // a bad app secret shows up wherever the app's token is used first
  if (errcode === 40001 && (usesAppSecret || !table[40001]) && capability !== 'token.app') return APP_SECRET;
  return table[errcode] ?? table['*'];
}
