/** @module Tests for keyword normalisation and one-typo matching. */
import { describe, it, expect } from 'vitest';
import { normalizeText, keywordText, compileKeywords, matchKeywords, containsWithinOneEdit } from '../../../shared/engine';

describe('normalizeText', () => {
  it('folds full-width, case, spacing and punctuation', () => {
    expect(normalizeText('  ＨＥＬＬＯ，　Ｗｏｒｌｄ！ ')).toBe('helloworld');
    expect(normalizeText('紧 急 ！！')).toBe('紧急');
  });
  it('maps common traditional characters to simplified', () => {
    expect(normalizeText('我要投訴，很緊急，別煩我')).toBe('我要投诉很紧急别烦我');
  });
});

describe('keywordText', () => {
  it('also offers the classifier\'s reading of a message, so a rule matches pinyin, dialect and emoji codes', () => {
    const kws = compileKeywords(['投诉', '转人工', '不要再发'], 'contains');
    expect(matchKeywords(keywordText('我要tousu你们'), kws, 'contains')).toBe('投诉');
    expect(matchKeywords(keywordText('zrg'), kws, 'contains')).toBe('转人工');
    expect(matchKeywords(keywordText('莫再發了'), compileKeywords(['不要再发'], 'contains'), 'contains')).toBe('不要再发');
  });
  it('keeps the folded form, so an admin\'s English keyword still matches as written', () => {
    expect(matchKeywords(keywordText('REFUND pls'), compileKeywords(['refund'], 'contains'), 'contains')).toBe('refund');
    expect(matchKeywords(keywordText('退款。'), compileKeywords(['退款'], 'exact'), 'exact')).toBe('退款');
  });
});

describe('containsWithinOneEdit', () => {
  it.each([
    ['我要人工客户', '人工客服', true],
    ['我要人工服', '人工客服', true],
    ['我要人工客客服', '人工客服', true],
    ['我要人工', '人工客服', false],
    ['pleaze refund', 'refund', true],
    ['abc', 'xyz', false],
  ])('%s ~ %s → %s', (text, pat, want) => {
    expect(containsWithinOneEdit(text, pat)).toBe(want);
  });
});

describe('matchKeywords', () => {
  const fuzzy = compileKeywords(['人工客服', '投诉', 'refund'], 'fuzzy');
  it('prefers an exact contains hit and reports normalisation', () => {
    expect(matchKeywords(normalizeText('我要投訴'), fuzzy, 'fuzzy')).toBe('投诉');
    expect(matchKeywords(normalizeText('REFUND pls'), compileKeywords(['Refund'], 'contains'), 'contains')).toBe('Refund→refund');
  });
  it('allows one typo only on keywords of 3+ characters', () => {
    expect(matchKeywords(normalizeText('人工客户'), fuzzy, 'fuzzy')).toBe('人工客服 (typo)');
    expect(matchKeywords(normalizeText('投资'), fuzzy, 'fuzzy')).toBeNull();
    expect(matchKeywords(normalizeText('refumd'), fuzzy, 'fuzzy')).toBe('refund (typo)');
  });
  it('exact mode needs the whole (normalised) message', () => {
    const kws = compileKeywords(['退款'], 'exact');
    expect(matchKeywords(normalizeText('退款。'), kws, 'exact')).toBe('退款');
    expect(matchKeywords(normalizeText('我要退款'), kws, 'exact')).toBeNull();
  });
  it('ignores keywords that normalise to nothing', () => {
    expect(compileKeywords(['！！', ' '], 'contains')).toEqual([]);
  });
});
