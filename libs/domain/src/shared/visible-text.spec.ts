import { hasVisibleCharacter, visibleTextOf } from './visible-text';

describe('required text: at least one character that shows', () => {
  it.each(['', ' ', '\t\n', '\u3000', '\u00a0', '\u200b', '\u200b\u200c\u200d', '\u2060', '\ufeff', '\u00ad', '\ufe0f', '\u0007'])(
    '%j shows nothing',
    (text) => {
      expect(hasVisibleCharacter(text)).toBe(false);
    },
  );

  it.each(['投诉', 'a', ' 咨询 ', '\u200b优秀', '0'])('%j shows something', (text) => {
    expect(hasVisibleCharacter(text)).toBe(true);
  });

  it('is false for what is not text', () => {
    for (const value of [undefined, null, 0, ['x'], { x: 1 }]) expect(hasVisibleCharacter(value)).toBe(false);
  });

  it('gives a required field its value trimmed, or nothing when nothing shows', () => {
    expect(visibleTextOf(' 区财政局 ')).toBe('区财政局');
    expect(visibleTextOf('\u200b')).toBe('');
    expect(visibleTextOf('\u3000 ')).toBe('');
    expect(visibleTextOf(42)).toBe('');
  });
});
