/**
 * @module The names a decision trace is explained with (`explainTrace`'s `names`), read from the database once per
 * request: people by their names, admins' own intents by their labels, templates by their names and menu buttons
 * by their words — so the sidebar's "why" view and the admin's rule test and diagnostics never show an id.
 */
import { isNull } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import { listIntentsIn } from '../intent/catalog';
import { intentLabel, personName } from '../../../shared/format/index';
import type { ExplainNames } from '../../../shared/engine/index';
import type { Template } from '../../../shared/templates/index';

export async function explainNames(q: Queries, opts: { version?: false } = {}): Promise<ExplainNames> {
  const { agents, templates } = q.t;
  const people = new Map((await q.db.select({ userid: agents.userid, name: agents.name }).from(agents)).map((a) => [a.userid, a.name]));
  const ownIntents = Object.fromEntries((await listIntentsIn(q)).filter((i) => !i.builtin).map((i) => [i.id as string, { zh: i.labelZh, en: i.labelEn }]));
  const tplNames = new Map<string, string>();
  const menu = new Map<string, string>();
  for (const r of await q.db.select({ definition: templates.definition }).from(templates).where(isNull(templates.ownerUserid))) {
    try {
      const t = JSON.parse(r.definition) as Template;
      tplNames.set(t.id, t.name);
      if (t.msgtype === 'msgmenu') for (const it of t.items) if (it.type === 'click' && !menu.has(it.click.id)) menu.set(it.click.id, it.click.content);
    } catch { /* a broken definition keeps its kind's name */ }
  }
  return {
    person: (userid) => personName(userid, people),
    intent: (id, lang) => intentLabel(id, lang, ownIntents),
    template: (id) => tplNames.get(id),
    menu: (id) => menu.get(id),
    ...opts,
  };
}
