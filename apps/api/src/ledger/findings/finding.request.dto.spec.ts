import { BadRequestException } from '@nestjs/common';
import { validationPipe, type FieldError } from '../../common/validation';
import { RaiseFindingRequestDto, RecheckMeasureRequestDto } from './finding.request.dto';

/** The fields the validation pipe refuses in a raise, or [] when it takes the request. */
async function refused(raisedBy: object): Promise<FieldError[]> {
  const body = {
    source: { kind: 'enterprise_visit' },
    unitId: 'dept-zjj',
    category: 'cumbersome_approval',
    description: '企业反映施工许可办理时间长',
    raisedBy,
  };
  try {
    await validationPipe().transform(body, { type: 'body', metatype: RaiseFindingRequestDto });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { errors: FieldError[] }).errors;
  }
}

describe('who raised a finding (raisedBy), as a raise gives it', () => {
  it.each(['member', 'inspector', 'citizen'])('a %s, a person, is given by name and phone: both are sealed', async (kind) => {
    expect(await refused({ kind, name: '李四', phone: '13700003333' })).toEqual([]);
    expect(await refused({ kind, name: '李四' })).toEqual([]);
  });

  it.each(['enterprise', 'office'])(
    'a phone beside a %s is refused, naming raisedBy.phone: an organisation is kept by its name alone, and the phone would be dropped unseen',
    async (kind) => {
      expect(await refused({ kind, name: '某某建材有限公司 联系人李四', phone: '13700003333' })).toEqual([
        {
          field: 'raisedBy.phone',
          message:
            'raisedBy.phone is given only for a person (kind member, inspector or citizen): an enterprise or an office is kept by its name alone, which is recorded as it is',
        },
      ]);
    },
  );

  it.each(['enterprise', 'office'])('a %s without a phone, or with phone null (none), is taken: nothing is dropped', async (kind) => {
    expect(await refused({ kind, name: '某某建材有限公司' })).toEqual([]);
    expect(await refused({ kind, name: '某某建材有限公司', phone: null })).toEqual([]);
  });

  it('a phone that is none (only +, - and spaces) is refused in the words a complainant’s is (common/phone.ts)', async () => {
    for (const phone of ['+-- -', '-----', '     ']) {
      expect(await refused({ kind: 'citizen', name: '李四', phone })).toEqual([
        { field: 'raisedBy.phone', message: 'raisedBy.phone must be a telephone number' },
      ]);
    }
    expect(await refused({ kind: 'citizen', name: '李四', phone: '027-8888-1234' })).toEqual([]);
  });

  it('a field no kind has is refused, naming it', async () => {
    expect(await refused({ kind: 'enterprise', name: '某某建材有限公司', contact: '李四' })).toEqual([
      { field: 'raisedBy.contact', message: 'raisedBy.contact should not exist' },
    ]);
  });
});

describe('a finding measure’s 回头看 (recheck), as it is given', () => {
  async function refusedRecheck(body: object): Promise<FieldError[]> {
    try {
      await validationPipe().transform(body, { type: 'body', metatype: RecheckMeasureRequestDto });
      return [];
    } catch (error) {
      return ((error as BadRequestException).getResponse() as { errors: FieldError[] }).errors;
    }
  }

  it('takes a new due date when it reopens the measure, and refuses one beside a re-check that held (it would be dropped)', async () => {
    expect(await refusedRecheck({ confirmed: false, note: '整改不彻底', newDue: { date: '2026-12-31' } })).toEqual([]);
    expect(await refusedRecheck({ confirmed: true })).toEqual([]);
    expect(await refusedRecheck({ confirmed: true, newDue: { date: '2026-12-31' } })).toEqual([
      { field: 'newDue', message: 'newDue is given only with confirmed: false (reopening the measure)' },
    ]);
  });
});
