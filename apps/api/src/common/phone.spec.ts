import { BadRequestException } from '@nestjs/common';
import { FileComplaintRequestDto } from '../cases/dto/file-complaint.request.dto';
import { RaiseFindingRequestDto } from '../ledger/findings/finding.request.dto';
import { validationPipe, type FieldError } from './validation';

/** The phone's errors when a complainant files, or [] when it is taken. */
async function complainantRefused(phone: string): Promise<FieldError[]> {
  const complaint = {
    channel: 'hotline',
    category: 'cumbersome_approval',
    urgency: 'normal',
    title: '施工许可办理时间长',
    description: '企业反映施工许可办理时间长',
    complainedUnitId: 'dept-market',
    receivedAt: '2026-09-24T09:30:00+08:00',
    complainant: { anonymous: false, name: '王某', phone },
  };
  return refusedBy(FileComplaintRequestDto, complaint);
}

/** The phone's errors when a citizen raises a finding, or [] when it is taken. */
async function raiserRefused(phone: string): Promise<FieldError[]> {
  const finding = {
    source: { kind: 'enterprise_visit' },
    unitId: 'dept-zjj',
    category: 'cumbersome_approval',
    description: '企业反映施工许可办理时间长',
    raisedBy: { kind: 'citizen', name: '李四', phone },
  };
  return refusedBy(RaiseFindingRequestDto, finding);
}

async function refusedBy(metatype: new () => object, body: object): Promise<FieldError[]> {
  try {
    await validationPipe().transform(body, { type: 'body', metatype });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { errors: FieldError[] }).errors;
  }
}

describe('a phone, a complainant’s or a finding raiser’s: one rule', () => {
  // A date has a phone's form (digits and hyphens, as 027-8888-1234): taken by both, as one rule.
  it.each(['13800138000', '+86 138 0013 8000', '027-8888-1234', '0278 8881234', '2026-12-07'])('%s is taken by both', async (phone) => {
    expect(await complainantRefused(phone)).toEqual([]);
    expect(await raiserRefused(phone)).toEqual([]);
  });

  it.each([
    '+-- -',
    '-----',
    '     ',
    '+++++',
    '-1380013800',
    '+ 13800138000',
    '1234',
    '１３８００１３８０００',
    '138001380001380013800x',
    '1'.repeat(22),
  ])('%j is refused by both, in the same words', async (phone) => {
    expect(await complainantRefused(phone)).toEqual([
      { field: 'complainant.phone', message: 'complainant.phone must be a telephone number' },
    ]);
    expect(await raiserRefused(phone)).toEqual([{ field: 'raisedBy.phone', message: 'raisedBy.phone must be a telephone number' }]);
  });
});
