/**
 * @module Keyword matching for the `keywords` condition: exact / contains / fuzzy. Text is normalised once
 * (NFKC full-width→half-width, lower case, spacing and punctuation dropped, a small traditional→simplified
 * table); fuzzy also accepts one typo (edit distance ≤ 1) on keywords of 3–12 characters.
 */

const T2S_PAIRS =
  '緊紧 訴诉 請请 謝谢 們们 個个 這这 時时 間间 預预 約约 訂订 單单 發发 價价 錢钱 後后 務务 轉转 幫帮 ' +
  '話话 號号 碼码 貨货 運运 輸输 費费 還还 沒没 壞坏 難难 過过 別别 煩烦 擾扰 騷骚 聯联 繫系 係系 電电 ' +
  '麼么 為为 會会 員员 買买 賣卖 東东 嗎吗 說说 應应 該该 開开 關关 門门 點点 鐘钟 週周 歡欢 氣气 憤愤 ' +
  '態态 評评 處处 經经 記记 錄录 報报 銷销 機机 線线 換换 質质 產产 樣样 規规 劃划 給给 讓让 網网 頁页 ' +
  '誤误 錯错 問问 題题 幾几 專专 屬属 護护 療疗 醫医 藥药 診诊 險险 帳账 戶户 驗验 證证 設设 標标 準准 ' +
  '臺台 灣湾 滿满 飛飞 遲迟 嚴严 對对 讀读 寫写 見见 聽听 覺觉 現现 實实 當当 從从 來来 動动 長长 ' +
  '無无 與与 萬万 億亿 學学 體体 歲岁 寶宝 貝贝 優优 惠惠 廣广 告告 詢询 諮咨 馬马 上上 衝冲 擊击';

export const T2S: ReadonlyMap<string, string> = new Map(
  T2S_PAIRS.split(' ').filter((p) => p.length === 2 && p[0] !== p[1]).map((p) => [p[0]!, p[1]!] as const),
);

const KEEP = /[\p{L}\p{N}]/u;

/** Normalise text for matching: NFKC, lower case, letters/digits only, traditional → simplified. */
export function normalizeText(s: string): string {
  const n = s.normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of n) {
    if (!KEEP.test(ch)) continue;
    out += T2S.get(ch) ?? ch;
  }
  return out;
}

export type KeywordMode = 'exact' | 'contains' | 'fuzzy';

export interface CompiledKeyword {
  raw: string;
  norm: string;
  /** One typo allowed (fuzzy mode, 3–12 characters). */
  typo: boolean;
}

export function compileKeywords(list: readonly string[], mode: KeywordMode): CompiledKeyword[] {
  const out: CompiledKeyword[] = [];
  for (const raw of list) {
    const norm = normalizeText(raw);
    if (norm === '') continue;
    const len = [...norm].length;
    out.push({ raw, norm, typo: mode === 'fuzzy' && len >= 3 && len <= 12 });
  }
  return out;
}

let prev = new Int32Array(16);
let cur = new Int32Array(16);

/** Is there a substring of `text` within edit distance 1 of `pat`? (Sellers' algorithm, reused buffers.) */
export function containsWithinOneEdit(text: string, pat: string): boolean {
  const m = pat.length;
  if (text.length < m - 1) return false;
  let missing = 0;
  for (let i = 0; i < m; i++) {
    if (text.indexOf(pat[i]!) < 0 && ++missing > 1) return false;
  }
  if (prev.length <= m) { prev = new Int32Array(m + 1); cur = new Int32Array(m + 1); }
  for (let i = 0; i <= m; i++) prev[i] = i;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    cur[0] = 0;
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1]! + (pat.charCodeAt(i - 1) === c ? 0 : 1);
      const del = prev[i]! + 1;
      const ins = cur[i - 1]! + 1;
      cur[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    if (cur[m]! <= 1) return true;
    const t = prev; prev = cur; cur = t;
  }
  return false;
}

/**
 * First keyword matching the already-normalised text, described for the trace
 * (`紧急`, or `緊急→紧急` when normalisation helped, or `投拆~投诉 (typo)`), or null.
 */
export function matchKeywords(normText: string, keywords: readonly CompiledKeyword[], mode: KeywordMode): string | null {
  for (const k of keywords) {
    const hit = mode === 'exact' ? normText === k.norm : normText.includes(k.norm);
    if (hit) return k.raw === k.norm ? k.raw : `${k.raw}→${k.norm}`;
  }
  if (mode !== 'fuzzy') return null;
  for (const k of keywords) {
    if (k.typo && containsWithinOneEdit(normText, k.norm)) return `${k.raw} (typo)`;
  }
  return null;
}
