// Tamper evidence for the log (issue 9, part 4): the hash chain, signed checkpoints, the verifier.
export { canonicalJson } from './canonical-json';
export { canonicalEnvelope, eventHash, sha256Hex, type ChainedFields, type StreamHead } from './event-hash';
export {
  keyIdOf,
  loadSigningKey,
  loadVerifyKey,
  publishedKey,
  type CheckpointKeyFiles,
  type CheckpointPublicKey,
  type CheckpointSigningKey,
} from './checkpoint-key';
export {
  CheckpointLedger,
  checkpointProblem,
  MAX_STATEMENT_BYTES,
  parseStatement,
  statementHashOf,
  type CheckpointStatement,
  type SignedCheckpoint,
  type SignedHead,
} from './checkpoints';
export { CheckpointChain, type ChainEnd } from './checkpoint-chain';
export { signCheckpoints, type SignCheckpointsOptions } from './sign-checkpoints';
export { verifyLog, type IntegrityFailure, type IntegrityFailureKind, type LogVerification, type VerifyLogOptions } from './verify-log';
export {
  AUDIT_LOG_VERIFIED,
  AUDIT_VERIFICATIONS_STREAM_PREFIX,
  recordVerification,
  type RecordedVerification,
} from './verification-record';
export { describeVerification, verifyConfiguredLog } from './configured-verification';
export { bounded, escaped, quoted, QUOTED_CHARS } from './quoted';
export {
  describeReadModel,
  hasReadModel,
  type AuditVerification,
  type ReadModelFailure,
  type ReadModelFailureKind,
  type ReadModelVerification,
} from './read-model-verification';
