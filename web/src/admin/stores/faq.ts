/**
 * @module FAQ store: the knowledge entries (every team's and the shared ones), their usage and the questions that
 * found no entry, the choices the editor offers (teams, intents, the cards' buttons), the entry being edited,
 * validated saves, deletes and reordering (two entries swap their `position`).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type FaqEntry, type FaqInput } from '../api';
import { errorText, resource } from '../resource';
import { changed } from '../feedback/unsaved';

/** The editor's copy: an entry's fields plus its id (absent for a new one). */
export type FaqDraft = FaqInput & { id?: number };

/** A button of a card template (click item) an entry can answer. */
export interface CardButton { id: string; label: string }

/** A plain copy of the editor's (reactive) draft, to compare later edits with. */
const snapshot = (d: FaqDraft): FaqDraft => JSON.parse(JSON.stringify(d)) as FaqDraft;

const blank = (): FaqDraft => ({ openKfid: null, question: '', answer: '', link: null, intents: [], keywords: [], menuId: null, position: 0, enabled: true });

export const useFaqStore = defineStore('adminFaq', () => {
  const entries = resource(async () => (await adminApi.faq()).items);
  const usage = resource(() => adminApi.faqUsage(30));
  /** Teams (微信客服 accounts), intents and card buttons, for the editor's choices. */
  const options = resource(async () => {
    const [cal, intents, templates] = await Promise.all([adminApi.calendar(), adminApi.intents(), adminApi.templates()]);
    const buttons = new Map<string, string>();
    // the FAQ card's wording first (the welcome card may shorten a button's label)
    const cards = [...templates.templates].sort((a, b) => Number(b.kind === 'faq_card') - Number(a.kind === 'faq_card'));
    for (const t of cards) {
      if (t.msgtype !== 'msgmenu') continue;
      for (const it of t.items) if (it.type === 'click' && it.click.id !== 'transfer_human' && !buttons.has(it.click.id)) buttons.set(it.click.id, it.click.content);
    }
    return {
      teams: cal.teams.map((x) => ({ openKfid: x.openKfid, name: x.name })),
      intents: intents.intents.map((i) => ({ id: i.id, labelZh: i.labelZh, labelEn: i.labelEn })),
      buttons: [...buttons].map(([id, label]): CardButton => ({ id, label })),
    };
  });
  const draft = ref<FaqDraft>();
  /** The draft as opened or last saved: a different draft has unsaved changes. */
  const opened = ref<FaqDraft>();
  const dirty = () => draft.value !== undefined && changed(draft.value, opened.value);
  const issues = ref<{ path: string; message: string }[]>([]);
  const error = ref('');
  const notice = ref('');

  const loadAll = () => Promise.all([entries.load(), usage.load(), options.load()]);
  function reset() { issues.value = []; error.value = ''; notice.value = ''; }
  function edit(e: FaqEntry) {
    reset();
    draft.value = { id: e.id, openKfid: e.openKfid, question: e.question, answer: e.answer, link: e.link, intents: [...e.intents], keywords: [...e.keywords], menuId: e.menuId, position: e.position, enabled: e.enabled };
    opened.value = snapshot(draft.value);
  }
  /** A new entry (at the end of the list), optionally for a customer's question that found no entry. */
  function create(question = '', openKfid: string | null = null) {
    reset();
    const last = Math.max(0, ...(entries.data ?? []).map((e) => e.position));
    draft.value = { ...blank(), question: question.slice(0, 80), openKfid, position: last + 10 };
    opened.value = snapshot(draft.value);
  }
  async function save() {
    const d = draft.value;
    if (!d) return;
    reset();
    const { id, ...body } = d;
    try {
      const saved = id === undefined ? await adminApi.createFaq(body) : await adminApi.updateFaq(id, body);
      draft.value = { ...body, id: saved.item.id };
      opened.value = snapshot(draft.value);
      notice.value = 'saved';
      await Promise.all([entries.load(), usage.load()]);
    } catch (err) { const e = errorText(err); error.value = e.message; issues.value = e.issues; }
  }
  async function remove(id: number) {
    reset();
    try {
      await adminApi.deleteFaq(id);
      if (draft.value?.id === id) draft.value = undefined;
      await Promise.all([entries.load(), usage.load()]);
    } catch (err) { error.value = errorText(err).message; }
  }
  /**
   * Moves `e` one place up (-1) or down (+1) in `shown` (the list as displayed): the list is renumbered 10, 20, 30 …
   * in its new order and the entries whose position changed are saved (each save audited).
   */
  async function move(e: FaqEntry, dir: -1 | 1, shown: readonly FaqEntry[]) {
    const i = shown.findIndex((x) => x.id === e.id);
    if (i < 0 || !shown[i + dir]) return;
    reset();
    const order = [...shown];
    [order[i], order[i + dir]] = [order[i + dir]!, order[i]!];
    try {
      for (const [index, x] of order.entries()) {
        const position = (index + 1) * 10;
        if (x.position === position) continue;
        await adminApi.updateFaq(x.id, {
          openKfid: x.openKfid, question: x.question, answer: x.answer, link: x.link, intents: x.intents, keywords: x.keywords, menuId: x.menuId, position, enabled: x.enabled,
        });
      }
    } catch (err) { error.value = errorText(err).message; }
    await entries.load();
  }
  return { entries, usage, options, draft, dirty, issues, error, notice, loadAll, edit, create, save, remove, move };
});
