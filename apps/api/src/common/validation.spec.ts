import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { PlanRectificationRequestDto } from '../cases/dto/plan-rectification.request.dto';
import { SuperviseRequestDto } from '../cases/dto/supervise.request.dto';
import { MeasureDueDto } from '../ledger/findings/finding.request.dto';
import { CaseStatusRequestDto } from '../complainants/complainant.request.dto';
import { RegisterUnitRequestDto } from '../units/dto/unit.request.dto';
import { InspectionDeductionRequestDto, SurveyScoreRequestDto } from '../appraisal-inputs/appraisal-inputs.request.dto';
import { PageRequestDto } from './page.request.dto';
import { RequiredText } from './text-fields';
import { ERRORS_SHOWN, summarise, validationPipe, type FieldError } from './validation';

class Leaf {
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  tags!: string[];
}

class Branch {
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => Leaf)
  leaves!: Leaf[];
}

class Titled {
  @RequiredText(200)
  title!: string;
}

/** The 400 problem body the pipe refuses `value` with, as the filter would send it. */
async function refusal(metatype: ArgumentMetadata['metatype'], value: unknown): Promise<Record<string, unknown>> {
  try {
    await validationPipe().transform(value, { type: 'body', metatype });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as Record<string, unknown>;
  }
  throw new Error('the pipe accepted it');
}

class Listed {
  @IsArray()
  @ArrayUnique()
  @Matches(/^[a-z-]+$/, { each: true, message: 'each of unitIds must be a unit id' })
  unitIds!: string[];
}

describe('the validation pipe', () => {
  it('leaves a message that names its field in its own words as it is, not its first word replaced by the field', async () => {
    const body = await refusal(Listed, { unitIds: ['dept-a', 'dept-a', 'X'] });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'unitIds', message: "All unitIds's elements must be unique" },
        { field: 'unitIds', message: 'each of unitIds must be a unit id' },
      ]),
    );
    expect(body.errors).toHaveLength(2);
  });

  it('refuses an array over its ArrayMaxSize on its length alone, before any item is validated', async () => {
    const started = process.hrtime.bigint();
    const body = await refusal(PlanRectificationRequestDto, { measures: Array.from({ length: 1000 }, () => ({})) });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
    expect(body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      errors: [{ field: 'measures', message: 'measures must contain no more than 50 elements' }],
    });
  });

  it('finds an over-long array inside nested DTOs, named by its path', async () => {
    const body = await refusal(Branch, { leaves: [{ tags: ['a'] }, { tags: ['a', 'b', 'c'] }] });
    expect(body.errors).toEqual([{ field: 'leaves[1].tags', message: 'leaves[1].tags must contain no more than 2 elements' }]);
  });

  it('validates items as before when every array is within bounds', async () => {
    const body = await refusal(Branch, { leaves: [{ tags: [1] }] });
    expect(body.errors).toEqual([{ field: 'leaves[0].tags', message: expect.stringContaining('must be a string') }]);
  });

  it('names a field left out once, as required, or in its own words where it is required only sometimes', async () => {
    const tags = await refusal(Branch, { leaves: [{}] });
    expect(tags.errors).toEqual([{ field: 'leaves[0].tags', message: 'leaves[0].tags is required' }]);
    const interview = await refusal(SuperviseRequestDto, { unitId: 'dept-market', level: 'interview', note: '约谈' });
    expect(interview.errors).toEqual([{ field: 'interview', message: 'interview is required with level interview' }]);
    const due = await refusal(MeasureDueDto, {});
    expect(due.errors).toEqual([{ field: 'date', message: 'date is required (or give workingDays and from)' }]);
    // Given, a wrong value is told what is wrong with it, every rule it breaks.
    const given = await refusal(Branch, { leaves: [{ tags: 'a' }] });
    expect(given.errors).toContainEqual({ field: 'leaves[0].tags', message: 'leaves[0].tags must be an array' });
    expect(given.errors).not.toContainEqual(expect.objectContaining({ message: expect.stringContaining('required') }));
  });

  it('does not call a list required when an item of it is no object: the list was given', async () => {
    for (const measures of [[5], ['x', null]]) {
      const body = await refusal(PlanRectificationRequestDto, { measures });
      expect(body.errors).toContainEqual({ field: 'measures', message: 'measures must hold only objects' });
      expect(body.errors).not.toContainEqual(expect.objectContaining({ message: expect.stringContaining('required') }));
    }
  });

  it('tells a value of the wrong type only its type, not the rules of a value of the right one', async () => {
    for (const title of [123, null, true, ['a'], { a: 1 }]) {
      expect((await refusal(Titled, { title })).errors).toEqual([{ field: 'title', message: 'title must be a string' }]);
    }
    expect((await refusal(CaseStatusRequestDto, { queryCode: 123 })).errors).toEqual([
      { field: 'queryCode', message: 'queryCode must be a string' },
    ]);
    // A number field says it wants a number, not "a number conforming to the specified constraints".
    for (const score of ['85', null, [85]]) {
      expect((await refusal(SurveyScoreRequestDto, { score })).errors).toEqual([{ field: 'score', message: 'score must be a number' }]);
    }
    // A field of another kind of deduction, even null or of the wrong type: only that it does not belong.
    for (const pointsPerPersonTime of [null, 'x', 0.5]) {
      const lapse = { deductionId: 'DC-1', kind: 'lapse', count: 1, reason: '未到位', occurredOn: '2026-03-02', pointsPerPersonTime };
      expect((await refusal(InspectionDeductionRequestDto, lapse)).errors).toEqual([
        { field: 'pointsPerPersonTime', message: 'pointsPerPersonTime is given only with kind conduct' },
      ]);
    }
    // Of the right type, every rule it breaks, as before.
    expect((await refusal(Titled, { title: 'x'.repeat(201) })).errors).toEqual([
      { field: 'title', message: 'title must be shorter than or equal to 200 characters' },
    ]);
    // A rule on each item judges the items: a wrong item is named, whatever the others are.
    expect((await refusal(Leaf, { tags: ['a', 1] })).errors).toEqual([{ field: 'tags', message: 'each value in tags must be a string' }]);
  });

  it('says what a unit id is, its length included, of an id too long as of one with other characters', async () => {
    const rule = 'id must be 1 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen';
    for (const id of ['a'.repeat(300), 'Dept_Market', '-dept', 123]) {
      expect((await refusal(RegisterUnitRequestDto, { id, name: '区测试局', kind: 'department' })).errors).toEqual([
        { field: 'id', message: rule },
      ]);
    }
  });

  it('lists at most 20 fields at fault and counts the rest', async () => {
    const body = await refusal(PlanRectificationRequestDto, { measures: Array.from({ length: 50 }, () => ({})) });
    expect(body.errors).toHaveLength(ERRORS_SHOWN.count);
    // Each empty measure: description, responsibleUnitId, responsibleLeader and dueDate, each "… is required".
    expect((body.errors as FieldError[]).slice(0, 4)).toEqual(
      ['description', 'responsibleUnitId', 'responsibleLeader', 'dueDate'].map((name) => ({
        field: `measures[0].${name}`,
        message: `measures[0].${name} is required`,
      })),
    );
    expect(body.errorsOmitted).toBe(50 * 4 - ERRORS_SHOWN.count);
    expect(JSON.stringify(body).length).toBeLessThan(4000);
  });

  it('hands a named path parameter on as the text the path holds, for its own pipe to judge', async () => {
    for (const text of ['2025.0', '0x7e9', ' 2025', '2025']) {
      expect(await validationPipe().transform(text, { type: 'param', data: 'year', metatype: Number })).toBe(text);
    }
    // A query parameter of a number type is still converted, as before.
    expect(await validationPipe().transform('7', { type: 'query', data: 'limit', metatype: Number })).toBe(7);
  });

  it('names an unknown field once', async () => {
    const refused = (await validationPipe()
      .transform({ limit: '5', foo: 'x' }, { type: 'query', metatype: PageRequestDto })
      .catch((error: BadRequestException) => error.getResponse())) as { errors: FieldError[] };
    expect(refused.errors).toEqual([{ field: 'foo', message: 'foo should not exist' }]);
  });

  it('names an unknown field of any name as sent, once, in the same words', async () => {
    // A key class-validator's message put badly: the name was "property", or a word of it, or an index.
    for (const key of ['标题', 'a b', '1', 'a.b', 'foo']) {
      expect((await refusal(PlanRectificationRequestDto, { [key]: 1, measures: [] })).errors).toContainEqual({
        field: key,
        message: `${key} should not exist`,
      });
    }
    expect((await refusal(PlanRectificationRequestDto, { '': 1, measures: [] })).errors).toContainEqual({
      field: '',
      message: 'a property with an empty name should not exist',
    });
    // Inside an item of an array: the index stays an index, the key is as sent.
    const nested = await refusal(Branch, { leaves: [{ tags: ['a'], 标题: 1, '1': 2, '': 3 }] });
    expect(nested.errors).toHaveLength(3);
    expect(nested.errors).toEqual(
      expect.arrayContaining([
        { field: 'leaves[0].1', message: 'leaves[0].1 should not exist' },
        { field: 'leaves[0].', message: 'a property with an empty name in leaves[0] should not exist' },
        { field: 'leaves[0].标题', message: 'leaves[0].标题 should not exist' },
      ]),
    );
  });

  it('reads a whole number in a query only when written in digits', async () => {
    const query = (value: Record<string, string>) => validationPipe().transform(value, { type: 'query', metatype: PageRequestDto });
    expect(await query({ limit: '20' })).toEqual(Object.assign(new PageRequestDto(), { limit: 20 }));
    for (const limit of ['0x10', '1e1', '20.0', ' 20', '20 ', '+20', '']) {
      const refused = (await query({ limit }).catch((error: BadRequestException) => error.getResponse())) as { errors: FieldError[] };
      // Its range is not named: it is not a number at all.
      expect(refused.errors).toEqual([{ field: 'limit', message: 'limit must be an integer number' }]);
    }
    const over = (await query({ limit: '101' }).catch((error: BadRequestException) => error.getResponse())) as { errors: FieldError[] };
    expect(over.errors).toEqual([{ field: 'limit', message: 'limit must not be greater than 100' }]);
  });
});

describe('summarise', () => {
  it('keeps every error of an ordinary failure, without errorsOmitted', () => {
    const errors = [{ field: 'title', message: 'title should not be empty' }];
    expect(summarise(errors)).toEqual({ errors });
  });

  it('cuts long fields and messages and stays within a few kB', () => {
    const long = { field: 'f'.repeat(5000), message: 'm'.repeat(5000) };
    const all = Array.from({ length: 60_000 }, () => long);
    const shown = summarise(all);
    expect(shown.errors.length + shown.errorsOmitted!).toBe(60_000);
    expect(shown.errors[0].field).toHaveLength(ERRORS_SHOWN.fieldLength);
    expect(shown.errors[0].message).toHaveLength(ERRORS_SHOWN.messageLength);
    expect(JSON.stringify(shown).length).toBeLessThan(6000);
  });
});
