import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { completeContract, S } from './api-contract';

/** One operation as SwaggerModule writes it, with the extensions @Answers and @Problems leave on it. */
function completed(operation: Record<string, unknown>): Record<string, ResponseObject> {
  const document = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: { '/x': { post: operation } },
  } as unknown as OpenAPIObject;
  return (completeContract(document).paths['/x'].post as OperationObject).responses as Record<string, ResponseObject>;
}

const codesAt = (responses: Record<string, ResponseObject>, status: number) =>
  (
    ((responses[status].content!['application/problem+json'].schema as SchemaObject).allOf![1] as SchemaObject).properties!
      .code as SchemaObject
  ).enum;

const answer = { status: 200, description: 'ok', schema: { type: 'object' } };

describe('completing the document', () => {
  it('gives a signed-in command the problems of its token, role, key and If-Match, besides its own rules', () => {
    const responses = completed({
      security: [{ bearer: [] }],
      parameters: [
        { in: 'header', name: 'Idempotency-Key' },
        { in: 'header', name: 'If-Match' },
        { in: 'path', name: 'id' },
      ],
      'x-answers': [answer],
      'x-problems-1': { 404: ['CASE_NOT_FOUND'], 422: ['CASE_CLOSED'] },
    });
    expect(codesAt(responses, 401)).toEqual(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_INVALID', 'TOKEN_CLAIMS_INVALID']);
    expect(codesAt(responses, 403)).toEqual(['FORBIDDEN_ROLE']);
    expect(codesAt(responses, 400)).toEqual(expect.arrayContaining(['INVALID_IDEMPOTENCY_KEY', 'INVALID_IF_MATCH', 'VALIDATION_FAILED']));
    expect(codesAt(responses, 412)).toEqual(['VERSION_MISMATCH']);
    expect(codesAt(responses, 404)).toEqual(['CASE_NOT_FOUND']);
    expect(codesAt(responses, 422)).toEqual(['IDEMPOTENCY_KEY_REUSED', 'CASE_CLOSED']);
    expect(responses[429].headers).toHaveProperty('Retry-After');
    expect(responses[401].headers).toHaveProperty('WWW-Authenticate');
  });

  it('gives a public route neither 401 nor 403, and leaves no extension in the document', () => {
    const operation: Record<string, unknown> = { 'x-answers': [answer] };
    const responses = completed(operation);
    expect(Object.keys(responses)).not.toContain('401');
    expect(Object.keys(responses)).not.toContain('403');
    expect(Object.keys(operation).filter((key) => key.startsWith('x-'))).toEqual([]);
  });

  it('keeps a health check’s 503 report beside the 503 problems of the guards', () => {
    const responses = completed({ 'x-answers': [answer, { ...answer, status: 503 }] });
    expect(Object.keys(responses[503].content!)).toEqual(['application/json', 'application/problem+json']);
  });

  it('lists null in a nullable enum, as OpenAPI 3.0 asks', () => {
    expect(S.nullable(S.enum(['a', 'b']))).toEqual({ type: 'string', enum: ['a', 'b', null], nullable: true });
  });
});
