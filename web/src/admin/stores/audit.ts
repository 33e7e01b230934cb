/** @module Audit store: one page of the audit log (admin changes and status changes) under the chosen filters. */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { adminApi, type AuditFilter } from '../api';
import { resource } from '../resource';

export const AUDIT_PAGE = 50;

export const useAuditStore = defineStore('adminAudit', () => {
  const filter = reactive<AuditFilter>({ from: '', to: '', actor: '', kind: '' });
  const offset = ref(0);
  const page = resource(() => adminApi.audit({ ...filter, limit: AUDIT_PAGE, offset: offset.value }));
  /** New filters start at the first page. */
  const apply = () => { offset.value = 0; return page.load(); };
  const go = (delta: number) => { offset.value = Math.max(0, offset.value + delta * AUDIT_PAGE); return page.load(); };
  return { filter, offset, page, apply, go };
});
