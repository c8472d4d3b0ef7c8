import { BadRequestException } from '@nestjs/common';
import { IsArray, ArrayMaxSize } from 'class-validator';
import { FileComplaintRequestDto } from '../cases/dto/file-complaint.request.dto';
import { hasVisibleCharacter, NotBlank, OptionalText, RequiredText } from './text-fields';
import { validationPipe, type FieldError } from './validation';

class Texts {
  @RequiredText(200)
  title!: string;

  @OptionalText(200)
  note?: string | null;

  @IsArray()
  @ArrayMaxSize(5)
  @NotBlank({ each: true })
  names: string[] = ['张某'];
}

/** What the validation pipe makes of `value`: the DTO, or the fields it refuses. */
async function validate(value: object): Promise<Texts | FieldError[]> {
  try {
    return (await validationPipe().transform(value, { type: 'body', metatype: Texts })) as Texts;
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { errors: FieldError[] }).errors;
  }
}

/** `U+0020 U+3000`: how a test names a text of invisible characters. */
function codePoints(text: string): string {
  return [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ') || 'the empty string';
}

/** Texts that show nothing: white space of every kind, zero-width and other invisible characters. */
const BLANK = [
  '',
  ' ',
  '   ',
  '\t\n',
  '\r\n\v\f',
  '\u00a0', // no-break space
  '\u3000', // 全角空格 (ideographic space)
  '\u3000\u3000',
  '\u2002\u2003\u2009\u202f\u205f', // en, em, thin, narrow no-break, medium mathematical spaces
  '\u2028\u2029', // line and paragraph separators
  '\u200b', // zero-width space
  '\u200c\u200d', // zero-width non-joiner, joiner
  '\ufeff', // byte order mark
  '\u2060\u00ad', // word joiner, soft hyphen
  '\u3164', // Hangul filler
  '\u0001\u007f', // control characters
  ' \u200b\u3000\t',
];

describe('required and optional text', () => {
  it.each(BLANK.map((text) => [codePoints(text), text]))('refuses %s as blank', async (_shown, text) => {
    expect(hasVisibleCharacter(text)).toBe(false);
    expect(await validate({ title: text })).toEqual([{ field: 'title', message: 'title must not be blank' }]);
    expect(await validate({ title: 'x', note: text })).toEqual([{ field: 'note', message: 'note must not be blank' }]);
  });

  it('accepts a text with one visible character, kept as sent (not trimmed)', async () => {
    for (const text of ['x', '  整改到位  ', '\u3000张某', '\u200b。', '\t0\n', '😀', '—']) {
      expect(hasVisibleCharacter(text)).toBe(true);
      expect(await validate({ title: text, note: text })).toMatchObject({ title: text, note: text });
    }
  });

  it('keeps its other rules: a string, within its length; an optional one may be null or absent', async () => {
    // Not a string, it is told only that: a string's blankness and length are beside the point.
    expect(await validate({ title: 7 })).toEqual([{ field: 'title', message: 'title must be a string' }]);
    expect(await validate({ title: 'x'.repeat(201) })).toEqual([
      { field: 'title', message: 'title must be shorter than or equal to 200 characters' },
    ]);
    // Left out, it is named once as required: not as a string too long or blank.
    expect(await validate({})).toEqual([{ field: 'title', message: 'title is required' }]);
    expect(await validate({ title: 'x', note: null })).toMatchObject({ title: 'x', note: null });
    expect(await validate({ title: 'x' })).toMatchObject({ title: 'x' });
  });

  it('checks each item of a list with each', async () => {
    expect(await validate({ title: 'x', names: ['张某', '\u3000'] })).toEqual([
      { field: 'names', message: expect.stringContaining('must not be blank') },
    ]);
  });

  it('refuses a complaint whose title, description or complainant name is blank', async () => {
    const complaint = {
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '\u3000',
      description: ' \u200b ',
      complainedUnitId: 'dept-market',
      receivedAt: '2026-09-24T09:30:00+08:00',
      complainant: { anonymous: false, name: '\u00a0', phone: '13800138000' },
    };
    const refused = await validationPipe()
      .transform(complaint, { type: 'body', metatype: FileComplaintRequestDto })
      .catch((error: BadRequestException) => (error.getResponse() as { errors: FieldError[] }).errors);
    expect(refused).toEqual([
      { field: 'title', message: 'title must not be blank' },
      { field: 'description', message: 'description must not be blank' },
      { field: 'complainant.name', message: 'complainant.name must not be blank' },
    ]);
  });
});
