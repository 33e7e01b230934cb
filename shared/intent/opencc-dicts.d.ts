/** @module Types of the OpenCC dictionaries shipped inside `opencc-js` (plain "source target|…" strings). */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
