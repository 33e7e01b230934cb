/**
 * @module Text normalisation before feature extraction: full-width → half-width, common traditional →
 * simplified characters, lower-case, digit folding, runs of one character squashed to two, whitespace folded.
 * Pure and cheap (one pass); also used by keyword matching and suggestion mining.
 */

/** Common traditional characters seen in customer messages → simplified (pairs: trad, simp). */
const TRAD_SIMP =
  '貨货訂订單单錢钱發发麼么麽么為为們们這这個个東东車车時时間间給给說说話话問问題题謝谢請请預预約约電电賣卖' +
  '買买價价優优額额費费運运郵邮遞递還还沒没壞坏維维換换務务態态經经轉转聯联繫系係系號号碼码據据開开過过來来' +
  '會会嗎吗長长後后幾几點点見见處处應应該该讓让氣气難难聽听對对錯错樣样機机質质產产實实際际條条裝装門门' +
  '爾尔滿满憤愤專专業业關关緊紧險险報报鐘钟儘尽盡尽馬马幫帮況况櫃柜帳账賬账稅税證证戶户頭头銀银辦办員员' +
  '總总覺觉記记錄录訊讯網网線线熱热燒烧煙烟觸触傷伤醫医滅灭師师寫写讀读紅红黃黄綠绿藍蓝黑黑碼码尺尺' +
  '寄寄郵邮貴贵惠惠劵券獎奖節节週周歲岁鬧闹罵骂騙骗爛烂糟糟厭厌煩烦謊谎曬晒樂乐歡欢愛爱邊边麗丽';

const TRAD_TO_SIMP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = Array.from(TRAD_SIMP);
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const trad = chars[i];
    const simp = chars[i + 1];
    if (trad !== undefined && simp !== undefined && trad !== simp) map.set(trad, simp);
  }
  return map;
})();

/** Longest text (in UTF-16 units) looked at; the head of a message carries its intent. */
export const MAX_TEXT_LENGTH = 600;

export interface NormalizeOptions {
  /** Replace every ASCII digit by '0' (order numbers and phone numbers become one shape). Default true. */
  foldDigits?: boolean;
  /** Squash runs of 3+ identical characters to 2 ("急急急急" → "急急"). Default true. */
  squashRepeats?: boolean;
}

/** Normalises one message; never throws, whatever the input. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  const foldDigits = options.foldDigits ?? true;
  const squash = options.squashRepeats ?? true;
  const src = typeof text === 'string' ? text.slice(0, MAX_TEXT_LENGTH) : '';
  let out = '';
  let prev = '';
  let run = 0;
  let space = false;
  for (const raw of src) {
    let ch = raw;
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) ch = ' ';
    else if (ch === '。') ch = '.';
    else if (ch === '、' || ch === '，') ch = ',';
    else if (code > 0x3400) ch = TRAD_TO_SIMP.get(ch) ?? ch;
    if (ch >= 'A' && ch <= 'Z') ch = ch.toLowerCase();
    if (foldDigits && ch >= '0' && ch <= '9') ch = '0';
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0') {
      space = out.length > 0;
      continue;
    }
    if (space) { out += ' '; space = false; prev = ' '; run = 1; }
    if (ch === prev) {
      run += 1;
      if (squash && run > 2) continue;
    } else {
      prev = ch;
      run = 1;
    }
    out += ch;
  }
  return out;
}

/** True for characters that carry meaning in a phrase (CJK, Latin letters, digits). */
export function isWordChar(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
    || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}
