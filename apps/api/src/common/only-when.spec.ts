import { BadRequestException } from '@nestjs/common';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { OnlyWhen } from './only-when';
import { validationPipe, type FieldError } from './validation';

/** A request of two shapes: a count belongs to a lapse, a note to any. */
class Deduction {
  @IsIn(['conduct', 'lapse'])
  kind!: 'conduct' | 'lapse';

  @IsOptional()
  @OnlyWhen<Deduction>((o) => o.kind === 'lapse', (field) => `${field} is given only with kind lapse`)
  @IsInt()
  count?: number;

  @OnlyWhen<Deduction>((o) => o.kind === 'conduct', 'persons are counted for a conduct only')
  persons?: unknown;
}

/** The fields the validation pipe refuses, or [] when it takes the request. */
async function refused(value: object): Promise<FieldError[]> {
  try {
    await validationPipe().transform(value, { type: 'body', metatype: Deduction });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { errors: FieldError[] }).errors;
  }
}

describe('OnlyWhen: a field of one shape of a request, refused with another', () => {
  it('takes the field with the shape it belongs to', async () => {
    expect(await refused({ kind: 'lapse', count: 2 })).toEqual([]);
    expect(await refused({ kind: 'conduct', persons: 3 })).toEqual([]);
  });

  it('takes a request without it, whatever the shape', async () => {
    expect(await refused({ kind: 'conduct' })).toEqual([]);
    expect(await refused({ kind: 'lapse' })).toEqual([]);
  });

  it('refuses it with another shape, naming the field, in the message made from its name or given whole', async () => {
    expect(await refused({ kind: 'conduct', count: 2 })).toEqual([{ field: 'count', message: 'count is given only with kind lapse' }]);
    expect(await refused({ kind: 'lapse', persons: 3 })).toEqual([{ field: 'persons', message: 'persons are counted for a conduct only' }]);
  });

  it('counts null as given: only absence passes whatever the shape', async () => {
    expect(await refused({ kind: 'lapse', persons: null })).toEqual([
      { field: 'persons', message: 'persons are counted for a conduct only' },
    ]);
  });
});
