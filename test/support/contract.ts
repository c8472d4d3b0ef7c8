import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The contract check: is a response one the OpenAPI document (the one /docs-json serves) allows?
 * Its status must be documented for the operation, its content type listed for that status, its body
 * valid against the schema (an undocumented field fails where the schema closes the object with
 * `additionalProperties: false`), and its documented headers present and well-formed. Paths the
 * document does not have (a 404 for an unknown path) must still be answered with its `Problem`.
 *
 * Schemas are OpenAPI 3.0 (a dialect of JSON Schema draft 4/7); `toJsonSchema` turns the few keywords
 * that differ (`nullable`, `discriminator`, `example`) into what Ajv checks.
 */

/** What the check needs of an OpenAPI 3.0 document: loose, as /docs-json is plain JSON. */
export interface ContractDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

/** A response as the client saw it: `body` parsed when the content type is JSON, else `text`. */
export interface ObservedResponse {
  method: string;
  /** Path and query as requested, e.g. /api/v1/cases?status=OPEN */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string | undefined;
  /** A CORS preflight (OPTIONS with Access-Control-Request-Method): the browser's protocol, not an operation. */
  preflight?: boolean;
}

export interface CheckOptions {
  /**
   * The request deliberately broke the rules (garbage the server must cope with): the operation's
   * own list of statuses does not apply, but the answer must still be the document's `Problem`.
   */
  offContract?: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_ID = 'contract';
const PROBLEM_TYPE = 'application/problem+json';

interface Operation {
  method: string;
  template: string;
  responses: Record<string, ResponseObject>;
}
interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean; schema?: unknown }>;
  $ref?: string;
}
interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  operations: Map<string, Operation>;
}

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly hasProblem: boolean;

  constructor(private readonly document: ContractDocument) {
    // strict: false because OpenAPI schemas carry keywords Ajv does not know (description, example, xml…).
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // OpenAPI's numeric and binary formats say how a value is stored, not what a JSON value must look like.
    for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) this.ajv.addFormat(format, true);
    const schemas = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema)]),
    );
    this.ajv.addSchema({ $id: SCHEMA_ID, components: { schemas } });
    this.hasProblem = 'Problem' in schemas;
    this.routes = Object.entries(document.paths)
      .map(([template, item]) => ({
        template,
        pattern: new RegExp(
          '^' +
            template
              .split(/\{[^}]+\}/)
              .map(escapeRegExp)
              .join('[^/]+') +
            '$',
        ),
        params: (template.match(/\{/g) ?? []).length,
        operations: new Map(
          METHODS.filter((method) => item[method]).map((method) => {
            const operation = item[method] as { responses?: Record<string, ResponseObject> };
            return [method, { method, template, responses: operation.responses ?? {} }];
          }),
        ),
      }))
      // A literal segment wins over a parameter (as in routers): /a/summary before /a/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** Everything wrong with `response`; empty when it keeps the contract. */
  check(response: ObservedResponse, options: CheckOptions = {}): string[] {
    const path = response.url.split('?')[0];
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const operation = route?.operations.get(response.method.toLowerCase());
    if (options.offContract) return this.checkProblem(response, 'a request sent off contract');
    // The document lists operations; a preflight asks whether the browser may call one. Granted, it
    // is an empty 2xx (its Access-Control-* headers are CORS's business); refused, a Problem.
    if (response.preflight && response.method.toUpperCase() === 'OPTIONS') {
      if (response.status >= 400) return this.checkProblem(response, 'a refused CORS preflight');
      return hasBody(response) ? [`a CORS preflight answered ${response.status} with a body`] : [];
    }
    if (!operation) return this.checkProblem(response, route ? 'an undocumented method' : 'an undocumented path');

    const problems: string[] = [];
    const documented = this.responseFor(operation, response.status);
    if (!documented) {
      return [
        `status ${response.status} is not documented for ${operation.method.toUpperCase()} ${operation.template} (documented: ${Object.keys(operation.responses).join(', ') || 'none'})`,
      ];
    }
    problems.push(...this.checkHeaders(response, documented));
    problems.push(...this.checkContent(response, documented, `${operation.method} ${operation.template} ${response.status}`));
    return problems;
  }

  /** The response of an answer to a request the document does not describe: a Problem, or a violation. */
  private checkProblem(response: ObservedResponse, why: string): string[] {
    if (!this.hasProblem) return [`${why} answered ${response.status}, and the document has no Problem schema to check it against`];
    if (response.status < 400) return [`${why} answered ${response.status}: only an error is expected there`];
    const type = mediaType(response.headers['content-type']);
    if (type !== PROBLEM_TYPE) return [`${why} answered ${response.status} with content type ${type ?? 'none'}, not ${PROBLEM_TYPE}`];
    return this.validate('problem', { $ref: `${SCHEMA_ID}#/components/schemas/Problem` }, response.body);
  }

  private responseFor(operation: Operation, status: number): ResponseObject | undefined {
    const responses = operation.responses;
    const found = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    return found?.$ref ? (resolve(this.document, found.$ref) as ResponseObject) : found;
  }

  private checkHeaders(response: ObservedResponse, documented: ResponseObject): string[] {
    const problems: string[] = [];
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      // OpenAPI: a Content-Type header definition is ignored (content says it).
      if (name.toLowerCase() === 'content-type') continue;
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      if (header.schema) {
        const raw = Array.isArray(value) ? value.join(', ') : value;
        const schema = toJsonSchema(header.schema) as { type?: string };
        const typed = schema.type === 'integer' || schema.type === 'number' ? (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw) : raw;
        problems.push(...this.validate(`header ${name}`, schema, typed).map((problem) => `header ${name}: ${problem}`));
      }
    }
    return problems;
  }

  private checkContent(response: ObservedResponse, documented: ResponseObject, key: string): string[] {
    const content = documented.content ?? {};
    const type = mediaType(response.headers['content-type']);
    if (Object.keys(content).length === 0) {
      return hasBody(response) || type ? [`status ${response.status} documents no body, got ${type ?? 'a body'}`] : [];
    }
    if (!type) return [`status ${response.status} documents ${Object.keys(content).join(', ')}, got no content type`];
    const media = Object.keys(content).find((documentedType) => mediaMatches(documentedType, type));
    if (!media)
      return [`content type ${type} is not documented for status ${response.status} (documented: ${Object.keys(content).join(', ')})`];
    const schema = content[media].schema;
    if (!schema || !isJson(type)) return [];
    return this.validate(`${key} ${media}`, schema, response.body);
  }

  private validate(key: string, schema: unknown, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => {
      const where = error.instancePath || '(body)';
      const extra =
        error.keyword === 'additionalProperties' ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"` : '';
      return `${where} ${error.message}${extra}`;
    });
  }
}

/** OpenAPI 3.0 Schema Object → JSON Schema Ajv checks (draft-07), references pointed at the document. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (keyword === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#/') ? `${SCHEMA_ID}${value}` : value;
    // Annotations, or OpenAPI keywords with no JSON Schema meaning (discriminator only helps tools pick a oneOf branch).
    else if (['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated', 'nullable'].includes(keyword)) continue;
    else if (['properties', 'patternProperties', 'definitions'].includes(keyword) && value && typeof value === 'object') {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toJsonSchema(child)]));
    } else out[keyword] = toJsonSchema(value);
  }
  if (source.nullable !== true) return out;
  if (typeof out.type === 'string' && !out.$ref) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function hasBody(response: ObservedResponse): boolean {
  return (response.text ?? '').length > 0 || (Buffer.isBuffer(response.body) && response.body.length > 0);
}

function resolve(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

function mediaType(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0].trim().toLowerCase() || undefined;
}

function mediaMatches(documented: string, actual: string): boolean {
  const [type, subtype] = documented.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

function isJson(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
