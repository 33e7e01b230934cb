/**
 * @module Quick replies of the sidebar: the team's templates plus the signed-in agent's own (`ownerUserid`),
 * rendered for one customer; create/update/delete of the agent's own only (others' are invisible: 404).
 */
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { CoreDeps } from '../deps';
import { templates, type TemplateRow } from '../db/schema/index';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { previewText, renderTemplate, validateTemplate, type Template, type TemplateVars } from '../../shared/templates/index';
import type { QuickReply } from '../../shared/domain/sidebar';

/** Sidebar order: the modules agents reach for first. */
const KIND_ORDER = ['welcome', 'question_collect', 'emergency', 'lunch', 'appointment', 'faq_card', 'transfer_notice', 'busy', 'dnd', 'night', 'holiday', 'custom'];

function parseRow(row: TemplateRow): Template | null {
  const v = validateTemplate(JSON.parse(row.definition));
  return v.ok ? v.template : null;
}

/** Team templates (DB rows without owner) + mine, mine first. */
export function listTemplates(d: Pick<CoreDeps, 'db' | 'config'>, userid: string): { template: Template; own: boolean }[] {
  const rows = d.db.select().from(templates).where(or(isNull(templates.ownerUserid), eq(templates.ownerUserid, userid)))
    .orderBy(asc(templates.sortOrder), asc(templates.updatedAt)).all();
  const out: { template: Template; own: boolean }[] = [];
  for (const r of rows) {
    const t = parseRow(r);
    if (t) out.push({ template: t, own: r.ownerUserid === userid });
  }
  const rank = (t: Template) => { const i = KIND_ORDER.indexOf(t.kind); return i < 0 ? KIND_ORDER.length : i; };
  return out.sort((a, b) => Number(b.own) - Number(a.own) || rank(a.template) - rank(b.template));
}

/** `vars` may depend on the template: an off-hours reply is previewed for the moment it is about. */
export function renderQuickReplies(list: { template: Template; own: boolean }[], vars: TemplateVars | ((t: Template) => TemplateVars), q?: string): QuickReply[] {
  const needle = q?.trim().toLowerCase();
  return list.map(({ template, own }) => {
    const body = renderTemplate(template, typeof vars === 'function' ? vars(template) : vars);
    return { id: template.id, name: template.name, kind: template.kind, msgtype: template.msgtype, own, body, preview: previewText(body), template };
  }).filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.preview.toLowerCase().includes(needle) || r.kind.includes(needle));
}

function validOrThrow(input: unknown): Template {
  const v = validateTemplate(input);
  if (!v.ok) throw new ValidationError(v.errors.map((e) => e.message).join('; '), v.errors.map((e) => ({ path: e.path, message: e.message })));
  return v.template;
}

function ownRow(d: Pick<CoreDeps, 'db'>, userid: string, id: string): TemplateRow {
  const row = d.db.select().from(templates).where(eq(templates.id, id)).get();
  if (row && row.ownerUserid === null) throw new ForbiddenError('team templates are edited on the admin page');
  if (!row || row.ownerUserid !== userid) throw new NotFoundError(`quick reply ${id}`);
  return row;
}

export type OwnTemplateInput = Record<string, unknown> & { id?: unknown };

export function createOwnQuickReply(d: Pick<CoreDeps, 'db' | 'clock'>, userid: string, input: OwnTemplateInput): Template {
  const t = validOrThrow({ kind: 'custom', ...input, id: `own_${randomBytes(6).toString('hex')}` });
  const now = d.clock.now();
  d.db.insert(templates).values({ id: t.id, name: t.name, kind: t.kind, definition: JSON.stringify(t), ownerUserid: userid, updatedAt: now, updatedBy: userid }).run();
  return t;
}

export function updateOwnQuickReply(d: Pick<CoreDeps, 'db' | 'clock'>, userid: string, id: string, input: OwnTemplateInput): Template {
  const row = ownRow(d, userid, id);
  const t = validOrThrow({ kind: row.kind, ...input, id });
  d.db.update(templates).set({ name: t.name, kind: t.kind, definition: JSON.stringify(t), updatedAt: d.clock.now(), updatedBy: userid })
    .where(and(eq(templates.id, id), eq(templates.ownerUserid, userid))).run();
  return t;
}

export function deleteOwnQuickReply(d: Pick<CoreDeps, 'db'>, userid: string, id: string): void {
  ownRow(d, userid, id);
  d.db.delete(templates).where(and(eq(templates.id, id), eq(templates.ownerUserid, userid))).run();
}
