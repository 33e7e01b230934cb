/** @module Duty store: duty groups (posts, rotation, manager), channels, active route and escalation settings (relay API). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type ChannelInput, type ChannelPatch, type DutySettingsInput, type GroupPatch } from '../api';
import { errorText, resource } from '../resource';

export const useDutyStore = defineStore('adminDuty', () => {
  const duty = resource(adminApi.duty);
  const error = ref('');
  async function act(fn: () => Promise<unknown>) {
    error.value = '';
    try { await fn(); await duty.load(); } catch (err) { const e = errorText(err); error.value = [e.message, ...e.issues.map((i) => i.message)].join('；'); }
  }
  const addGroup = (name: string) => act(() => adminApi.createGroup({ name, rotation: { kind: 'always' } }));
  // The whole group is sent: the relay's PATCH schema (GroupInput.partial()) re-applies defaults to absent fields.
  // Edits are applied locally first and sent one after another, so quick successive edits build on each other.
  let queue: Promise<unknown> = Promise.resolve();
  /** The state is a shallow ref: after editing a group in place, a new top-level object makes the page re-read it. */
  const touch = () => { if (duty.data) duty.data = { ...duty.data }; };
  const patchGroup = (id: number, g: GroupPatch) => {
    const cur = duty.data?.groups.find((x) => x.id === id);
    if (cur) { Object.assign(cur, g); touch(); }
    const body: GroupPatch = cur
      ? { name: cur.name, position: cur.position, rotation: cur.rotation ?? undefined, primaryUserid: cur.primaryUserid, backupUserid: cur.backupUserid,
        managerUserid: cur.managerUserid, managerPhone: cur.managerPhone, enabled: cur.enabled, ...g }
      : g;
    // No reload on success (it would overwrite an input being typed in); a failure reloads the truth.
    queue = queue.then(async () => {
      error.value = '';
      try {
        const saved = await adminApi.patchGroup(id, body);
        if (cur) { Object.assign(cur, saved); touch(); }
      } catch (err) {
        const e = errorText(err); error.value = [e.message, ...e.issues.map((i) => i.message)].join('；');
        await duty.load();
      }
    });
    return queue;
  };
  const removeGroup = (id: number) => act(() => adminApi.deleteGroup(id));
  const addChannel = (c: ChannelInput) => act(() => adminApi.createChannel(c));
  /** The channel's PATCH changes only the fields sent (e.g. its QR image). */
  const patchChannel = (id: number, c: ChannelPatch) => act(() => adminApi.patchChannel(id, c));
  const removeChannel = (id: number) => act(() => adminApi.deleteChannel(id));
  const setRoute = (r: 'main' | 'backup') => act(() => adminApi.setRoute(r));
  const saveSettings = (s: DutySettingsInput) => act(() => adminApi.saveDutySettings(s));
  return { duty, error, touch, addGroup, patchGroup, removeGroup, addChannel, patchChannel, removeChannel, setRoute, saveSettings };
});
