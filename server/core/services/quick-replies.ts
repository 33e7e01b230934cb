/**
 * @module Quick replies of the sidebar: the team's templates plus the signed-in agent's own (`ownerUserid`),
 * rendered for one customer; create/update/delete of the agent's own only (others' are invisible: 404). Each
 * verb is one unit of work (`d.shared.uow`, either engine); the list takes the queries of a read.
 */
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { TemplateRow } from '../../adapters/db/sqlite/schema/index';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { previewText, renderTemplate, validateTemplate, type Template, type TemplateVars } from '../../../shared/templates/index';
import type { QuickReply } from '../../../shared/domain/sidebar';

/** Sidebar order: the modules agents reach for first. */
const KIND_ORDER = ['welcome', 'question_collect', 'emergency', 'lunch', 'appointment', 'faq_card', 'transfer_notice', 'busy', 'dnd', 'night', 'holiday', 'custom'];

function parseRow(row: TemplateRow): Template | null {
  const v = validateTemplate(JSON.parse(row.definition));
  return v.ok ? v.template : null;
}

/** Team templates (DB rows without owner) + mine, mine first. */
export async function listTemplates(q: Queries, userid: string): Promise<{ template: Template; own: boolean }[]> {
  const templates = q.t.templates;
  const rows = await q.db.select().from(templates).where(or(isNull(templates.ownerUserid), eq(templates.ownerUserid, userid)))
    .orderBy(asc(templates.sortOrder), asc(templates.updatedAt));
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

async function ownRow(q: Queries, userid: string, id: string): Promise<TemplateRow> {
  const row = await first(q.db.select().from(q.t.templates).where(eq(q.t.templates.id, id)).limit(1));
  if (row && row.ownerUserid === null) throw new ForbiddenError('team templates are edited on the admin page');
  if (!row || row.ownerUserid !== userid) throw new NotFoundError(`quick reply ${id}`);
  return row;
}

export type OwnTemplateInput = Record<string, unknown> & { id?: unknown };
type Ctx = Pick<CoreDeps, 'clock'> & { shared: Pick<CoreDeps['shared'], 'uow'> };

export async function createOwnQuickReply(d: Ctx, userid: string, input: OwnTemplateInput): Promise<Template> {
  const t = validOrThrow({ kind: 'custom', ...input, id: `own_${randomBytes(6).toString('hex')}` });
  const now = d.clock.now();
  await d.shared.uow.run(async (tx) => {
    await tx.db.insert(tx.t.templates).values({ id: t.id, name: t.name, kind: t.kind, definition: JSON.stringify(t), ownerUserid: userid, updatedAt: now, updatedBy: userid });
  });
  return t;
}

export async function updateOwnQuickReply(d: Ctx, userid: string, id: string, input: OwnTemplateInput): Promise<Template> {
  return d.shared.uow.run(async (tx) => {
    const row = await ownRow(tx, userid, id);
    const t = validOrThrow({ kind: row.kind, ...input, id });
    await tx.db.update(tx.t.templates).set({ name: t.name, kind: t.kind, definition: JSON.stringify(t), updatedAt: d.clock.now(), updatedBy: userid })
      .where(and(eq(tx.t.templates.id, id), eq(tx.t.templates.ownerUserid, userid)));
    return t;
  });
}

export async function deleteOwnQuickReply(d: Pick<Ctx, 'shared'>, userid: string, id: string): Promise<void> {
  await d.shared.uow.run(async (tx) => {
    await ownRow(tx, userid, id);
    await tx.db.delete(tx.t.templates).where(and(eq(tx.t.templates.id, id), eq(tx.t.templates.ownerUserid, userid)));
  });
}
