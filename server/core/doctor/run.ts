/**
 * @module `runDoctor`: the real-corp setup check. With the configured secrets it calls each capability once, read-only
 * (a token per secret, kf/account/list, servicer/list per account, a read per permission, the JS-SDK tickets; with
 * `write`, a user/update that re-sends a member's current profile) and answers one line per capability:
 * `{capability, required, ok, errcode?, fix_zh?, fix_en?}`. `required`: Moonshift cannot answer customers without it.
 */
import { WecomError } from '../errors';
import type { WecomClient } from '../../channels/wecom-kf/client';
import { fixFor } from './fixes';

export interface DoctorLine {
  capability: string;
  required: boolean;
  ok: boolean;
  errcode?: number;
  fix_zh?: string;
  fix_en?: string;
}

export interface DoctorInput {
  wecom: WecomClient;
  /** Which secrets are configured, and whether two roles share one (the contacts secret must be its own). */
  secrets: { main: string; contact: string | undefined; external: string; checkin: string };
  write?: boolean;
  /** Now in ms (from the injected clock): the check-in read covers the hour before it. */
  now: number;
}

/** Thrown inside a check to fail it with an errcode WeCom did not send (e.g. a servicer user/get shows as status 4). */
class CheckFailed extends Error {
  /** `who`: the people the failure is about (e.g. the servicers not yet activated), named in the fix. */
  constructor(readonly errcode: number, readonly who: string[] = []) { super(`check failed: ${errcode}`); }
}

/** `usesAppSecret`: the capability's calls go out with the app's own secret (no system secret of its own is configured). */
async function check(capability: string, required: boolean, fn: () => Promise<unknown>, usesAppSecret = false): Promise<DoctorLine> {
  try {
    await fn();
    return { capability, required, ok: true };
  } catch (err) {
    const errcode = err instanceof WecomError || err instanceof CheckFailed ? err.errcode : -1;
    const found = fixFor(capability, errcode, usesAppSecret);
    const who = err instanceof CheckFailed ? err.who : [];
    const fix = found && who.length > 0
      ? { zh: `${found.zh}。需要处理的成员：${who.join('、')}`, en: `${found.en}. Members concerned: ${who.join(', ')}` }
      : found;
    return { capability, required, ok: false, errcode, ...(fix ? { fix_zh: fix.zh, fix_en: fix.en } : {}) };
  }
}

export async function runDoctor({ wecom, secrets, write = false, now: nowMs }: DoctorInput): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  const app = await check('token.app', true, () => wecom.checkToken('main'));
  lines.push(app);

  let accounts: { open_kfid: string; manage_privilege?: boolean }[] = [];
  lines.push(await check('kf.account_list', true, async () => {
    accounts = (await wecom.listKfAccounts()).account_list;
  }));
  const servicers = new Set<string>();
  for (const a of accounts) {
    lines.push(await check(`kf.servicer_list[${a.open_kfid}]`, true, async () => {
      for (const s of (await wecom.listServicers(a.open_kfid)).servicer_list) if (s.userid) servicers.add(s.userid);
    }));
  }
  const someone = [...servicers][0];
  if (servicers.size > 0) {
    lines.push(await check('kf.servicers_activated', false, async () => {
      const inactive: string[] = [];
      for (const userid of servicers) {
        const user = await wecom.getUser(userid);
        if (user.status !== 1) inactive.push(user.name || userid);
      }
      if (inactive.length > 0) throw new CheckFailed(95014, inactive);
    }));
  }

  lines.push(await check('jssdk.tickets', true, async () => {
    // through the token store: a ticket already held proves the call works without spending WeCom's hourly quota
    await wecom.ticket('config');
    await wecom.ticket('agentConfig');
  }));

  lines.push(await check('contact.profile_card', false, async () => {
    if (secrets.contact === undefined) throw new CheckFailed(41004);
    // WeCom lets only the 通讯录同步 secret call user/update (doc 90197): the app's own secret always gets 48002.
    if (secrets.contact === secrets.main) throw new CheckFailed(48002);
    await wecom.checkToken('contact');
    if (write && someone) {
      const current = await wecom.getUser(someone, 'contact');
      await wecom.updateUser({
        userid: someone,
        ...(current.external_position !== undefined ? { external_position: current.external_position } : {}),
        ...(current.external_profile !== undefined ? { external_profile: current.external_profile } : {}),
      });
    }
  }));

  const now = Math.floor(nowMs / 1000);
  lines.push(await check('checkin.read', false, () => wecom.getCheckinData({ starttime: now - 3600, endtime: now, useridlist: [someone ?? 'moonshift-doctor'] }), secrets.checkin === secrets.main));
  lines.push(await check('externalcontact.read', false, () => wecom.listContactWays({ limit: 1 }), secrets.external === secrets.main));
  return lines;
}

/** Exit code of the CLI: 1 when a required capability failed. */
export function doctorExitCode(lines: DoctorLine[]): 0 | 1 {
  return lines.some((l) => l.required && !l.ok) ? 1 : 0;
}
