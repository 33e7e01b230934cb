/** @module Settings store: org profile, org time zone (calendar), engine parameters (saved as a draft rule-set version), admins. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type OrgInput, type RuleSet } from '../api';
import { errorText, resource } from '../resource';

export const useSettingsStore = defineStore('adminSettings', () => {
  const org = resource(adminApi.org);
  const admins = resource(async () => (await adminApi.admins()).admins);
  const engine = ref<RuleSet['settings']>();
  const activeVersion = ref('');
  const engineState = resource(async () => {
    const v = (await adminApi.ruleSets()).ruleSets.find((r) => r.active);
    if (!v) return null;
    const d = await adminApi.ruleSet(v.version);
    engine.value = structuredClone(d.body.settings);
    activeVersion.value = v.version;
    return d.body;
  });
  const zone = ref('');
  /** The org time zone as loaded or last saved. */
  const savedZone = ref('');
  const message = ref('');
  const error = ref('');
  /** The failed save's field issues (`path` is the field, e.g. `emergencyPhone`). */
  const issues = ref<{ path: string; message: string }[]>([]);

  async function act(fn: () => Promise<unknown>, ok: string) {
    message.value = ''; error.value = ''; issues.value = [];
    try { await fn(); message.value = ok; } catch (err) { const e = errorText(err); error.value = e.message; issues.value = e.issues; }
  }
  /** The whole profile is saved (a field left out would be cleared); empty optional fields are left out. */
  const saveOrg = (v: { name: string; orderLink: string; emergencyPhone: string }) => act(async () => {
    const body: OrgInput = { name: v.name };
    if (v.orderLink.trim()) body.orderLink = v.orderLink.trim();
    if (v.emergencyPhone.trim()) body.emergencyPhone = v.emergencyPhone.trim();
    org.data = await adminApi.saveOrg(body);
  }, 'saved');
  const saveZone = () => act(async () => {
    const c = (await adminApi.calendar()).config;
    await adminApi.saveCalendar({ ...c, timeZone: zone.value });
    savedZone.value = zone.value;
  }, 'saved');
  const saveEngine = () => act(async () => {
    const body = engineState.data;
    if (!body || !engine.value) return;
    const r = await adminApi.createRuleSet({ rules: body.rules, settings: engine.value }, 'settings');
    message.value = r.version;
    await adminApi.publish(r.version);
    await engineState.load();
  }, 'saved');
  const grant = (u: string) => act(async () => { await adminApi.grantAdmin(u); await admins.load(); }, 'saved');
  const revoke = (u: string) => act(async () => { await adminApi.revokeAdmin(u); await admins.load(); }, 'saved');
  async function loadAll() {
    await Promise.all([org.load(), admins.load(), engineState.load(), adminApi.calendar().then((r) => { zone.value = r.config.timeZone; savedZone.value = zone.value; }).catch(() => undefined)]);
  }
  return { org, admins, engine, engineState, activeVersion, zone, savedZone, message, error, issues, saveOrg, saveZone, saveEngine, grant, revoke, loadAll };
});
