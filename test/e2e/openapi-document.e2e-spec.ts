import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { openApiDocument } from '../../apps/api/src/openapi';
import { loadConfig } from '@app/platform';
import { previewOpenApiDocument } from '../../apps/server/src/server-app';
import { startTestApi, type TestApi } from '../support/api-app';
import { declaredRoutes } from '../support/routes';

/**
 * The document every e2e response is validated against (apps/api/src/common/api-contract.ts) must
 * say what each route answers: a success schema, the problems of its sign-in, and no object whose
 * fields are left open by mistake. A route added without its answer fails here, by name.
 */
describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: OpenAPIObject;
  const operations: Array<{ name: string; operation: OperationObject }> = [];

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-03-02T01:00:00Z' });
    document = openApiDocument(api.app);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        const operation = item[method];
        if (operation) operations.push({ name: `${method.toUpperCase()} ${path}`, operation });
      }
    }
  });
  afterAll(() => api?.close());

  it('is the same when made without a database, as the console’s typed client is generated from it (npm run console:contract)', async () => {
    const config = { ...loadConfig({ APP_ROLE: 'api', UNITS_SEED_FILE: 'none' }), databaseUrl: 'postgres://unused/unused' };
    const preview = await previewOpenApiDocument(config);
    expect(JSON.parse(JSON.stringify(preview))).toEqual(JSON.parse(JSON.stringify(document)));
  });

  const responses = (operation: OperationObject) => Object.entries(operation.responses) as Array<[string, ResponseObject]>;

  it('documents every route the API serves', () => {
    const served = declaredRoutes(api.app).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(operations.map(({ name }) => name).sort()).toEqual(served.sort());
  });

  it('documents exactly the path parameters of each path', () => {
    const wrong = operations.filter(({ name, operation }) => {
      const documented = (operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'path' ? [p.name] : [])).sort();
      return (
        documented.join() !==
        [...name.matchAll(/\{(\w+)\}/g)]
          .map((m) => m[1])
          .sort()
          .join()
      );
    });
    expect(wrong.map(({ name }) => name)).toEqual([]);
  });

  it('gives every operation a success answer with a schema for each media type', () => {
    const without = operations
      .filter(({ operation }) => {
        const success = responses(operation).filter(([status]) => Number(status) < 400);
        return success.length === 0 || success.some(([, r]) => !r.content || Object.values(r.content).some((m) => !m.schema));
      })
      .map(({ name }) => name);
    expect(without).toEqual([]);
  });

  it('documents 401 and 403 problems on every signed-in operation, and 429 and 500 on all', () => {
    const missing = operations.flatMap(({ name, operation }) => {
      const statuses = operation.security?.length ? ['401', '403', '429', '500'] : ['429', '500'];
      return statuses.filter((s) => !operation.responses[s]).map((s) => `${name} ${s}`);
    });
    expect(missing).toEqual([]);
  });

  it('answers every 4xx and 5xx problem as application/problem+json with the enum of its codes', () => {
    const wrong = operations.flatMap(({ name, operation }) =>
      responses(operation)
        .filter(([status]) => Number(status) >= 400)
        .filter(([, response]) => {
          const problem = response.content?.['application/problem+json']?.schema as SchemaObject | undefined;
          const codes = (problem?.allOf?.[1] as SchemaObject | undefined)?.properties?.code as SchemaObject | undefined;
          return !codes?.enum?.length;
        })
        .map(([status]) => `${name} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('says when to come back on 429 and 503 (Retry-After)', () => {
    const missing = operations.flatMap(({ name, operation }) =>
      responses(operation)
        .filter(([status]) => status === '429' || status === '503')
        .filter(([, response]) => !response.headers?.['Retry-After'])
        .map(([status]) => `${name} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('types every object: none is an `object` without properties, unless it says what its values are', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as SchemaObject & { $ref?: string };
      if (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined) open.push(at);
      for (const [key, value] of Object.entries(node)) walk(value, `${at}.${key}`);
    };
    walk(document.components?.schemas, 'components.schemas');
    for (const { name, operation } of operations) walk(operation, name);
    expect(open).toEqual([]);
  });

  it('requires no field that belongs to one kind of a request only (OnlyWhen): the other kinds must leave it out', () => {
    // A client generated from the document sends every required field; one refused with another kind
    // (an organisation's name under issue-accountability) would make that kind impossible to send.
    type Constructor = abstract new (...args: never[]) => unknown;
    const metadata = getMetadataStorage() as unknown as { validationMetadatas: Map<Constructor, ValidationMetadata[]> };
    const onlyWhen = [...metadata.validationMetadatas.values()].flat().filter((m) => m.name === 'onlyWhen');
    const schemas = document.components?.schemas ?? {};
    const fields = onlyWhen.map((m) => {
      const dto = (m.target as Constructor).name;
      return { field: `${dto}.${m.propertyName}`, schema: schemas[dto] };
    });
    expect(fields.filter(({ schema }) => !schema).map(({ field }) => field)).toEqual([]);
    expect(fields.length).toBeGreaterThanOrEqual(8);
    const required = fields.filter(({ field, schema }) => ((schema as SchemaObject).required ?? []).includes(field.split('.')[1]));
    expect(required.map(({ field }) => field)).toEqual([]);
  });

  it('closes every answer object whose fields are fixed (additionalProperties: false)', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as SchemaObject;
      if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) open.push(at);
      for (const [key, value] of Object.entries(node)) walk(value, `${at}.${key}`);
    };
    for (const { name, operation } of operations) {
      for (const [status, response] of responses(operation).filter(([s]) => Number(s) < 400)) walk(response.content, `${name} ${status}`);
    }
    // Request bodies are class-validator's to refuse (an unknown field is 400); the Problem carries a broken rule's details.
    const answerSchemas = Object.entries(document.components?.schemas ?? {}).filter(
      ([schemaName]) => schemaName !== 'Problem' && !schemaName.endsWith('Dto') && !schemaName.endsWith('Body'),
    );
    for (const [schemaName, schema] of answerSchemas) walk(schema, schemaName);
    expect(open).toEqual([]);
  });

  it('documents the headers a command answers with: ETag, Idempotent-Replayed, and Location when it creates', () => {
    const missing = operations.flatMap(({ name, operation }) => {
      const idempotent = (operation.parameters ?? []).some((p) => 'name' in p && p.name === 'Idempotency-Key');
      if (!idempotent || !name.startsWith('POST')) return [];
      return responses(operation)
        .filter(([status]) => Number(status) < 300)
        .flatMap(([status, response]) => {
          const expected = ['Idempotent-Replayed', ...(status === '201' && !name.endsWith('/query-code') ? ['ETag', 'Location'] : [])];
          return expected.filter((h) => !response.headers?.[h]).map((h) => `${name} ${status} ${h}`);
        });
    });
    expect(missing).toEqual([]);
  });

  /**
   * Reads that record themselves (an identity read appends its access event, only while the case or
   * finding stays as it was read): 409 once it moved under three attempts (IdentityAccessLog.readAgain).
   */
  const RECORDED_READS = ['GET /api/v1/cases/{id}/complainant', 'GET /api/v1/findings/{id}/raiser'];

  it('takes no command header on a read, and documents none of the problems only commands answer (409, 412, a reused key)', () => {
    const commandOnly = operations
      .filter(({ name }) => name.startsWith('GET'))
      .flatMap(({ name, operation }) => [
        ...(operation.parameters ?? [])
          .filter((p) => 'name' in p && ['If-Match', 'Idempotency-Key'].includes(p.name))
          .map((p) => `${name} takes ${(p as { name: string }).name}`),
        ...responses(operation)
          .filter(([status]) => status === '412' || (status === '409' && !RECORDED_READS.includes(name)))
          .map(([status]) => `${name} answers ${status}`),
      ]);
    expect(commandOnly).toEqual([]);
  });
});
