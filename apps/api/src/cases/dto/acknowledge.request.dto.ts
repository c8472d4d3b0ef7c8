/** Signing for a case (签收) needs no body; the unit is the caller's X-Unit. */
export class AcknowledgeRequestDto {}
