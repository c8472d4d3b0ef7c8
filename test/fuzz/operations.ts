import type { OpenAPIObject } from '@nestjs/swagger';
import type { DeclaredRoute } from '../support/routes';

/** A JSON Schema as the OpenAPI document writes it (the parts the fuzzer reads). */
export interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One operation of the document, with what the fuzzer needs to call it. */
export interface Operation {
  /** `POST /api/v1/cases/{id}/accept`: how the summary names it. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** OpenAPI style, `{id}`. */
  path: string;
  parameters: Parameter[];
  /** The request body's schema, $refs resolved; undefined for an operation without a body. */
  body?: Schema;
  /** Roles the route allows (declared on the controller, as the guards read them); null: public. */
  roles: string[] | null;
  /** The statuses the document lists for the operation. */
  responses: string[];
}

/**
 * The operations of `document`, each with the roles its route declares (from `routes`, the same
 * reading the guards do). An operation the document has but no route serves is a failure of the
 * caller, not skipped: the fuzzer covers every documented operation.
 */
export function operationsOf(document: OpenAPIObject, routes: DeclaredRoute[]): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
      const op = raw as {
        parameters?: Array<Parameter & { schema?: Schema }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      };
      const expressPath = path.replace(/\{(\w+)\}/g, ':$1');
      const route = routes.find((r) => r.path === expressPath && r.method === method.toUpperCase());
      if (!route) throw new Error(`${method.toUpperCase()} ${path} is in the OpenAPI document but no route serves it`);
      const json = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.keys(op.responses ?? {});
      operations.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: resolve(document, p.schema ?? {}),
        })),
        body: json ? resolve(document, json) : undefined,
        roles: route.access.public ? null : (route.access.roles ?? []),
        responses,
      });
    }
  }
  return operations;
}

/** `schema` with every $ref and single-item allOf replaced by what it names (the DTOs have no cycles). */
export function resolve(document: OpenAPIObject, schema: Schema, depth = 0): Schema {
  if (depth > 20) throw new Error('Schema nests deeper than 20 $refs: a cycle?');
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name] as Schema | undefined;
    if (!target) throw new Error(`Unknown schema ${schema.$ref}`);
    return resolve(document, target, depth + 1);
  }
  if (schema.allOf && schema.allOf.length === 1) return resolve(document, { ...schema, allOf: undefined, ...schema.allOf[0] }, depth + 1);
  return {
    ...schema,
    ...(schema.properties
      ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(document, v, depth + 1)])) }
      : {}),
    ...(schema.items ? { items: resolve(document, schema.items, depth + 1) } : {}),
  };
}
