import { IDENTITY_READ_PURPOSES, RAISER_KINDS } from '@app/domain';
import { defineSchema, S } from '../../common/api-contract';

/** A read of who raised a finding (RaiserIdentityAnswer). */
export const RAISER_IDENTITY = defineSchema(
  'RaiserIdentityAnswer',
  S.object({
    findingId: S.string(),
    purpose: S.enum(IDENTITY_READ_PURPOSES),
    outcome: S.enum(['disclosed', 'organisation', 'erased', 'unavailable']),
    raisedBy: S.object({
      kind: S.enum(RAISER_KINDS),
      ref: S.string({ description: 'The people store’s reference, or an organisation’s name' }),
    }),
    erased: S.boolean(),
    erasedAt: S.nullable(S.instant()),
    identity: S.nullable(S.object({ name: S.string(), phone: S.nullable(S.string()) })),
    accessEventId: S.string(),
    position: S.position(),
  }),
);
