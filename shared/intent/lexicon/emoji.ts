/**
 * @module Emoji lexicon: WeChat's emoji codes ("[微笑]", "[发怒]" — what a Unicode-less client sends) and common
 * Unicode emoji, mapped to one token per mood with an emotion prior (positive = upset). Some codes carry a
 * meaning rather than a mood ("[红包]" → 红包, "[再见]" → 再见) and become those words. "[微笑]" keeps its own token:
 * in Chinese chat it is the sarcastic smile far more often than a friendly one.
 */

export interface EmojiMood {
  /** One private-use character standing for the mood in normalised text (a single feature, one n-gram unit). */
  readonly token: string;
  readonly name: string;
  /** Emotion prior added by the emotion scorer (positive = angry/anxious, negative = pleased). */
  readonly weight: number;
}

const mood = (code: number, name: string, weight: number): EmojiMood => ({ token: String.fromCodePoint(code), name, weight });

export const MOODS = {
  sarcasticSmile: mood(0xe010, '微笑', 0.3),
  happy: mood(0xe011, 'happy', -0.3),
  laugh: mood(0xe012, 'laugh', -0.15),
  awkward: mood(0xe013, 'awkward', 0.1),
  sad: mood(0xe014, 'sad', 0.45),
  angry: mood(0xe015, 'angry', 0.85),
  shock: mood(0xe016, 'shock', 0.5),
  speechless: mood(0xe017, 'speechless', 0.45),
  approve: mood(0xe018, 'approve', -0.5),
  bye: mood(0xe019, 'bye', -0.2),
  disapprove: mood(0xe01a, 'disapprove', 0.6),
  fire: mood(0xe01b, 'fire', 0.45),
  sos: mood(0xe01c, 'sos', 1.2),
  question: mood(0xe01d, 'question', 0.15),
  neutral: mood(0xe01e, 'emoji', 0),
} as const satisfies Record<string, EmojiMood>;

type MoodName = keyof typeof MOODS;

/** WeChat emoji code names (inside the brackets) by mood; a code not listed becomes the neutral token. */
const CODES: Readonly<Record<MoodName, string>> = {
  sarcasticSmile: '微笑',
  happy: '愉快 呲牙 憨笑 偷笑 调皮 得意 色 亲亲 可爱 笑脸 耶 嘿哈 机智 哇 庆祝 跳跳 转圈 害羞 悠闲 坏笑 奸笑 脸红 鼓掌 加油 好的 社会社会 让我看看',
  laugh: '破涕为笑 笑哭 旺柴 吃瓜 666 捂脸笑',
  awkward: '捂脸 尴尬 囧 汗 擦汗 抠鼻 嘘 闭嘴 睡 困 发呆 Emm emm',
  sad: '流泪 大哭 难过 委屈 快哭了 可怜 衰 失望 心碎 凋谢 叹气 苦涩 生病 吐血',
  angry: '发怒 咒骂 抓狂 敲打 鄙视 右哼哼 左哼哼 菜刀 炸弹 便便 拳头 打脸 吐 傲慢 撇嘴 骷髅 怒',
  shock: '惊恐 惊讶 发抖 晕 天啊 恐惧 裂开',
  speechless: '无语 白眼 翻白眼 皱眉 阴险 衰衰',
  approve: '强 OK ok 胜利 握手 抱拳 合十 爱心 玫瑰 嘴唇 拥抱 礼物 勾引 奋斗 赞 点赞',
  bye: '再见 拜拜 晚安 月亮',
  disapprove: '弱 差劲',
  fire: '火 烟花 爆竹',
  sos: '救命',
  question: '疑问',
  neutral: '',
};

/** Codes that stand for words rather than a mood. */
const WORD_CODES: Readonly<Record<string, string>> = {
  红包: '红包', 發: '发财', 福: '福', 蛋糕: '蛋糕', 咖啡: '咖啡', 啤酒: '啤酒', 太阳: '早', 猪头: '猪头',
};

export const EMOJI_CODES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [name, list] of Object.entries(CODES) as [MoodName, string][]) {
    for (const code of list.split(' ')) if (code !== '') map.set(code.toLowerCase(), MOODS[name].token);
  }
  for (const [code, word] of Object.entries(WORD_CODES)) map.set(code, word);
  return map;
})();

/** Unicode emoji by mood (others with Extended_Pictographic become the neutral token). */
const UNICODE: Readonly<Record<MoodName, string>> = {
  sarcasticSmile: '🙃',
  happy: '😀😃😄😁😆😊🙂😉😍🥰😘😋😎🤗🥳☺😇🤩💃🎉',
  laugh: '😂🤣😹😅',
  awkward: '😓😥🤐😶😴😪🫠',
  sad: '😢😭😞😔😟🥺💔😩😫😿',
  angry: '😡😠🤬😤💢👊🖕🔪💣😾',
  shock: '😱😨😰😳🤯😵🙀',
  speechless: '🙄😑😒😐🫤',
  approve: '👍👌🙏👏💪❤🌹🤝✌💯💕💖🥇🆗',
  bye: '👋🌙',
  disapprove: '👎',
  fire: '🔥🧨',
  sos: '🆘🚨🚑🚒',
  question: '❓❔🤔⁉',
  neutral: '',
};

export const EMOJI_CHARS: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>();
  for (const [name, chars] of Object.entries(UNICODE) as [MoodName, string][]) {
    for (const ch of chars) map.set(ch.codePointAt(0) ?? 0, MOODS[name].token);
  }
  return map;
})();

/** Emotion prior of a mood token, or undefined for any other character. */
export const MOOD_OF_TOKEN: ReadonlyMap<string, EmojiMood> = new Map(Object.values(MOODS).map((m) => [m.token, m]));
