/**
 * @module Directory store: the names every admin page shows instead of ids — agents (王五), 微信客服 accounts and
 * rule-set version numbers — loaded once and refreshed after a change that adds a version.
 */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { adminApi } from '../api';
import { resource } from '../resource';
import { intentLabel } from '../../../../shared/format/labels';

export const useDirectoryStore = defineStore('adminDirectory', () => {
  const dir = resource(adminApi.directory);
  let started: Promise<void> | undefined;
  /** Loads once (pages call it on mount); `refresh` reloads. */
  const ensure = () => (started ??= dir.load());
  const refresh = () => (started = dir.load());
  const people = computed(() => dir.data?.people ?? []);
  const names = computed(() => new Map(people.value.map((p) => [p.userid, p.name])));
  const accounts = computed(() => new Map((dir.data?.accounts ?? []).map((a) => [a.openKfid, a.name])));
  const templateNames = computed(() => new Map((dir.data?.templates ?? []).map((x) => [x.id, x.name])));
  const numbers = computed(() => new Map((dir.data?.versions ?? []).map((v) => [v.version, v.number])));
  /** A person's name; `system` reads as 系统, an unknown userid as 同事 / a colleague, never the id. */
  const person = (userid: string | null | undefined, locale: string) => {
    // The product's own changes (the default rule set, seeded data) are made by `system`.
    if (userid === 'system') return locale === 'en' ? 'System' : '系统';
    return (userid && names.value.get(userid)) || (locale === 'en' ? 'a colleague' : '同事');
  };
  const account = (openKfid: string | null | undefined, locale: string) => (openKfid && accounts.value.get(openKfid)) || (locale === 'en' ? 'an account' : '客服账号');
  /** A version's number ("3"), or "—" while the list is loading. */
  const versionNo = (version: string | null | undefined) => (version && numbers.value.get(version)?.toString()) || '—';
  const intents = computed(() => dir.data?.intents ?? []);
  /** An intent's label in the page's language (an admin-added one included). */
  const intent = (id: string | null | undefined, locale: string) => intentLabel(id, locale, Object.fromEntries(intents.value.map((i) => [i.id, { zh: i.zh, en: i.en }])));
  const template = (id: string | null | undefined) => (id && templateNames.value.get(id)) || '';
  return { dir, ensure, refresh, people, names, person, account, versionNo, template, intents, intent, now: () => dir.data?.now };
});
