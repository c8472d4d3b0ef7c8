import { IDENTITY_READ_PURPOSES, PUBLIC_CASE_STATUSES } from '@app/domain';
import { defineSchema, S } from '../common/api-contract';

/** A new query code (ReissuedQueryCode): null on a replay, since only the first answer shows it. */
export const REISSUED_QUERY_CODE = defineSchema(
  'ReissuedQueryCode',
  S.object({ caseId: S.string(), queryCode: S.nullable(S.string({ description: 'Shown this once; null on a retry' })) }),
);

/** A read of the complainant's identity (ComplainantIdentityAnswer). */
export const COMPLAINANT_IDENTITY = defineSchema(
  'ComplainantIdentityAnswer',
  S.object({
    caseId: S.string(),
    purpose: S.enum(IDENTITY_READ_PURPOSES),
    outcome: S.enum(['disclosed', 'anonymous', 'erased', 'unavailable']),
    anonymous: S.boolean(),
    erased: S.boolean(),
    erasedAt: S.nullable(S.instant()),
    identity: S.nullable(
      S.object({ name: S.string(), phone: S.string(), idNumber: S.nullable(S.string()), enterprise: S.nullable(S.string()) }),
    ),
    accessEventId: S.string(),
    position: S.position(),
  }),
);

/** What a complainant sees with the query code (PublicCaseStatusView). */
export const PUBLIC_CASE_STATUS = defineSchema(
  'PublicCaseStatus',
  S.object({
    status: S.enum(PUBLIC_CASE_STATUSES),
    receivedAt: S.instant(),
    acceptedAt: S.nullable(S.instant()),
    concludedAt: S.nullable(S.instant()),
    answer: S.nullable(S.string()),
  }),
);
