/** @module Links in chat texts: found up to Chinese punctuation, labelled short (the form by name, other sites by host). */
import { describe, it, expect } from 'vitest';
import { splitLinks } from '../../web/src/demo/linkText';

const names = { form: '预约表单' };

describe('splitLinks', () => {
  it('turns the form link of a bot text into a short 预约表单 link and keeps the sentence around it', () => {
    const text = '也可以在这里预约回电：http://127.0.0.1:8787/f/1.1795960810.CRJHCdBMC9FPS8DgdTtADt7ntHDUW8CO-C48B4_breo。紧急问题请回复“紧急”。';
    expect(splitLinks(text, names, 'http://127.0.0.1:8787')).toEqual([
      { kind: 'text', text: '也可以在这里预约回电：' },
      { kind: 'link', href: 'http://127.0.0.1:8787/f/1.1795960810.CRJHCdBMC9FPS8DgdTtADt7ntHDUW8CO-C48B4_breo', label: '预约表单' },
      { kind: 'text', text: '。紧急问题请回复“紧急”。' },
    ]);
  });

  it('labels another site by its host and leaves a trailing full stop to the sentence', () => {
    expect(splitLinks('查询：https://shop.example.com/orders?id=1.', names)).toEqual([
      { kind: 'text', text: '查询：' },
      { kind: 'link', href: 'https://shop.example.com/orders?id=1', label: 'shop.example.com/…' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves a text without links as it is', () => {
    expect(splitLinks('您好，请问有什么可以帮您？', names)).toEqual([{ kind: 'text', text: '您好，请问有什么可以帮您？' }]);
  });
});
