import fc from 'fast-check';
import type { Operation, Parameter, Schema } from './operations';

/**
 * Requests built from an operation's OpenAPI description, then spoiled one way (a family of the
 * issue's list). `invalid` is set only where the request certainly may not succeed (a NUL, a field
 * the DTO does not have, a role the route refuses, …): a 2xx to it is a violation. Where it is not
 * certain (a required field left out may be required only in some cases) any answer below 500 is fine.
 */
export interface FuzzRequest {
  operation: Operation;
  family: Family;
  /** What was spoiled, for the report: `body.reason: 20,001 characters`. */
  what: string;
  invalid: boolean;
  method: Operation['method'];
  /** The URL path, already encoded (a bad id may be percent-encoded on purpose). */
  path: string;
  /** `k=v&k=v`, already encoded. */
  query: string;
  headers: Record<string, string>;
  /** What is sent: JSON text or raw bytes; undefined: no body. */
  body?: string | Buffer;
}

export const FAMILIES = [
  'valid',
  'wrong type',
  'missing field',
  'extra field',
  'huge string',
  'huge array',
  'deep nesting',
  'invalid UTF-8',
  'NUL',
  'lone surrogate',
  'prototype keys',
  'injection',
  'bad path id',
  'bad query',
  'authorization',
  'token claims',
  'wrong role',
  'If-Match',
  'Idempotency-Key',
  'X-Correlation-Id',
  'content type',
  'oversized body',
] as const;
export type Family = (typeof FAMILIES)[number];

/** What exists in the API under test, so that valid requests name real cases and units. */
export interface World {
  caseIds: string[];
  unitIds: string[];
  /** Headers signing in as a role; `unit` as one of `unitIds`. */
  signIn(role: string, unitId?: string): Record<string, string>;
  /** A token this API trusts, signed over a caller's claims changed by `overrides` (undefined drops a claim) and `header`. */
  signWith(role: string, overrides: Record<string, unknown>, header?: Record<string, unknown>): Record<string, string>;
  /** Roles a token may carry. */
  roles: string[];
}

const YEAR = 2026;
const DATES = ['2026-01-01', '2026-06-12', '2026-09-24', '2026-11-30', '2026-12-31', '2027-01-04'];
const INSTANTS = ['2026-09-24T09:00:00+08:00', '2026-09-23T18:30:00+08:00', '2026-09-24T01:00:00Z'];

/** Strings an attacker tries: SQL, script, path traversal, format strings, JSON in JSON. */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '1; SELECT pg_sleep(10)',
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%s%s%s%n',
  '$where: 1',
  '{"$gt": ""}',
  "=cmd|' /C calc'!A0",
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\\u0000',
  'NaN',
  '-1e309',
];

/** Path ids no registered unit or case can have. */
const BAD_IDS = [
  "' OR 1=1--",
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  'x'.repeat(300),
  '%E4%B8%AD%E6%96%87',
  '%20',
  'null',
  'undefined',
  '%',
  '%zz',
  '%C0%80',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  '%7B%7D',
  'dept-market%3Bdrop',
];

/** Path years that are not a year the API keeps. */
const BAD_YEARS = ['abc', '-5', '1e400', '2026.5', '99999999999', '0', '20261', '9007199254740993', '%20'];

/** A valid value for `schema`, named `name` (the name picks real ids, dates and codes). */
export function valid(name: string, schema: Schema, world: World, depth = 0): fc.Arbitrary<unknown> {
  const hinted = hint(name, schema, world);
  if (hinted) return hinted;
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.properties) {
    const required = schema.required ?? [];
    const entries = Object.entries(schema.properties).filter(([key]) => required.includes(key) || depth < 4);
    return fc.record(Object.fromEntries(entries.map(([key, s]) => [key, valid(key, s, world, depth + 1)])), {
      requiredKeys: entries.map(([key]) => key).filter((key) => required.includes(key)),
    });
  }
  switch (kindOf(schema)) {
    case 'array':
      return fc.array(valid(name, schema.items ?? { type: 'string' }, world, depth + 1), { minLength: 0, maxLength: 3 });
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? 100;
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'string': {
      const text = fc.oneof(
        fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(schema.maxLength ?? 20, 20) }),
        fc.constantFrom('整改到位', '群众反映办事难', '张局长'),
      );
      const value = schema.example !== undefined ? fc.oneof(fc.constant(schema.example), text) : text;
      return schema.nullable ? fc.oneof(value, fc.constant(null)) : value;
    }
    default:
      // An "object" with no properties: the document does not say (a number or free-form map); its example if any.
      return schema.example !== undefined ? fc.constant(schema.example) : fc.oneof(fc.nat(100), fc.constant(null));
  }
}

/** string, number, boolean, array, object (with properties) or unknown (what nest/swagger writes for a nullable or union). */
export function kindOf(schema: Schema): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'unknown' {
  if (schema.enum) return 'string';
  if (schema.type === 'object' && schema.properties) return 'object';
  // swagger writes an optional string with `nullable: true` as type object; its maxLength gives it away.
  if (schema.type === 'object' && schema.maxLength !== undefined) return 'string';
  if (schema.type === 'string' || schema.type === 'number' || schema.type === 'boolean' || schema.type === 'array') return schema.type;
  return 'unknown';
}

function hint(name: string, schema: Schema, world: World): fc.Arbitrary<unknown> | undefined {
  if (schema.enum || schema.type === 'array') return undefined;
  const units = fc.constantFrom(...world.unitIds);
  if (name === 'parentId') return fc.oneof(fc.constant(null), units);
  if (/unitId$/i.test(name)) return units;
  if (name === 'id' && schema.example === 'dept-market') return fc.stringMatching(/^fz-[a-z0-9]{1,12}$/);
  if (name === 'receivedAt') return fc.constantFrom(...INSTANTS);
  if (/(Date|On|From|To)$/.test(name) || name === 'from' || name === 'to' || name === 'holidays' || name === 'makeUpWorkdays') {
    return fc.constantFrom(...DATES);
  }
  if (name === 'category' || name === 'code') return fc.constantFrom('cumbersome_approval', 'enquiry', 'slow_handling');
  if (name === 'measureId') return fc.constantFrom('M1', 'M2');
  if (name === 'phone') return fc.constantFrom('13800138000', '010-12345678');
  if (name === 'after') return fc.constantFrom('0', '1');
  if (name === 'cursor') return fc.constant(undefined);
  if (name === 'year') return fc.constantFrom(YEAR, YEAR + 1);
  return undefined;
}

/** One request to `operation`, of `family`. */
export function request(operation: Operation, world: World): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      family: fc.constantFrom(...FAMILIES),
      base: baseRequest(operation, world),
      pick: fc.nat(),
      choice: fc.nat(),
      text: fc.string({ maxLength: 30 }),
    })
    .map(({ family, base, pick, choice, text }) => spoil(family, base, operation, world, pick, choice, text));
}

interface Base {
  pathParams: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  role: string | null;
}

function baseRequest(operation: Operation, world: World): fc.Arbitrary<Base> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const caller: fc.Arbitrary<{ role: string | null; unitId?: string }> =
    operation.roles === null
      ? fc.constant({ role: null })
      : fc.record({ role: fc.constantFrom(...operation.roles), unitId: fc.constantFrom(...world.unitIds) });
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => pathValue(operation, p, world)), fc.constant(0)),
      query: fc.tuple(...queryParams.map((p) => (p.required ? queryValue(p, world) : fc.option(queryValue(p, world)))), fc.constant(0)),
      body: operation.body ? valid('', operation.body, world) : fc.constant(undefined),
      caller,
      // A few keys shared by every request: replays, and the same key sent with another request.
      idempotencyKey: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.uuid(), weight: 3 },
        { arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2'), weight: 1 },
      ),
    })
    .map(({ path, query, body, caller, idempotencyKey }) => ({
      pathParams: Object.fromEntries(pathParams.map((p, i) => [p.name, String(path[i])])),
      query: queryParams.flatMap((p, i): Array<[string, string]> => {
        const value = query[i];
        if (value === null || value === undefined) return [];
        return Array.isArray(value) ? value.map((v): [string, string] => [p.name, String(v)]) : [[p.name, String(value)]];
      }),
      headers: {
        ...(caller.role ? world.signIn(caller.role, caller.unitId) : {}),
        ...(idempotencyKey && operation.method !== 'GET' ? { 'Idempotency-Key': idempotencyKey } : {}),
      },
      body: body as Record<string, unknown> | undefined,
      role: caller.role,
    }));
}

function pathValue(operation: Operation, parameter: Parameter, world: World): fc.Arbitrary<string | number> {
  if (parameter.name === 'year') return fc.constantFrom(YEAR, YEAR + 1);
  if (parameter.name === 'unitId' || operation.path.startsWith('/api/v1/units/')) return fc.constantFrom(...world.unitIds);
  return fc.constantFrom(...world.caseIds);
}

function queryValue(parameter: Parameter, world: World): fc.Arbitrary<unknown> {
  if (parameter.schema.type === 'array') return fc.array(valid(parameter.name, parameter.schema.items ?? {}, world), { maxLength: 2 });
  return valid(parameter.name, parameter.schema, world);
}

/** `base` spoiled as `family` says (a family that does not apply to the operation sends it valid). */
function spoil(family: Family, base: Base, operation: Operation, world: World, pick: number, choice: number, text: string): FuzzRequest {
  const out: Base & { raw?: string | Buffer; contentType?: string | null } = structuredClone(base);
  let what = '';
  let invalid = false;
  const body = out.body;
  const fields = body ? leafFields(operation.body!, body) : [];
  const field = fields.length > 0 ? fields[pick % fields.length] : undefined;
  const one = <T>(items: readonly T[]): T => items[choice % items.length];
  const pathNames = Object.keys(out.pathParams);
  const commandLike = operation.method !== 'GET';
  // Families about a body are sent to a route that takes one; on a GET they fall back to a valid request.
  const bodyFamilies: Family[] = ['deep nesting', 'invalid UTF-8', 'oversized body', 'content type'];
  if (!commandLike && bodyFamilies.includes(family)) family = 'valid';
  const documentsHeader = (name: string) => operation.parameters.some((p) => p.in === 'header' && p.name === name) && commandLike;

  switch (family) {
    case 'wrong type': {
      if (field && field.kind !== 'unknown') {
        const wrong = wrongValue(field.kind, choice);
        setAt(body!, field.path, wrong);
        [what, invalid] = [
          `body.${field.path.join('.')}: ${field.kind} sent as ${JSON.stringify(wrong)}`,
          !CONDITIONAL_FIELDS.has(field.path.join('.')),
        ];
      } else {
        const param = operation.parameters.find(
          (p) => p.in === 'query' && (p.schema.enum || p.schema.type === 'number' || p.schema.type === 'boolean'),
        );
        if (param) {
          const bad = one(['abc', '1.5e999', '', '[]', '-0x10', 'true false']);
          out.query = [...out.query.filter(([k]) => k !== param.name), [param.name, bad]];
          [what, invalid] = [`query ${param.name}=${bad}`, bad !== ''];
        }
      }
      break;
    }
    case 'missing field': {
      const required = operation.body?.required ?? [];
      if (body && required.length > 0) {
        const name = required[pick % required.length];
        delete body[name];
        what = `body.${name} left out`;
      } else if (out.query.length > 0) {
        what = `query ${out.query[0][0]} left out`;
        out.query = out.query.slice(1);
      }
      break;
    }
    case 'extra field': {
      if (body) {
        const name = one(['fuzzExtra', 'id', 'caseId', 'version', 'actorId', 'role', 'isAdmin', 'type']);
        if (!(name in (operation.body?.properties ?? {}))) {
          body[name] = text;
          [what, invalid] = [`body.${name} (not a field of the request)`, true];
        }
      } else {
        out.query.push(['fuzzExtra', text]);
        what = 'query fuzzExtra (not a parameter)';
      }
      break;
    }
    case 'huge string': {
      const length = one([20_001, 100_000, 5_000]);
      if (field && field.kind === 'string') {
        setAt(body!, field.path, 'x'.repeat(length));
        const max = field.schema.maxLength;
        [what, invalid] = [`body.${field.path.join('.')}: ${length} characters`, length > 20_000 || (max !== undefined && length > max)];
      } else if (out.query.length > 0 || operation.method === 'GET') {
        const name = out.query[0]?.[0] ?? 'q';
        out.query = [[name, 'x'.repeat(Math.min(length, 6_000))], ...out.query.slice(1)];
        what = `query ${name}: ${Math.min(length, 6_000)} characters`;
      }
      break;
    }
    case 'huge array': {
      const count = one([1_001, 5_000, 600]);
      const target = fields.find((f) => f.kind === 'array');
      if (body && target) {
        setAt(
          body,
          target.path,
          Array.from({ length: count }, () => ({})),
        );
        [what, invalid] = [`body.${target.path.join('.')}: ${count} items`, true];
      } else if (body) {
        body.fuzzList = Array.from({ length: count }, (_, i) => i);
        [what, invalid] = [`body.fuzzList: ${count} items`, true];
      } else {
        out.query.push(...Array.from({ length: Math.min(count, 1_500) }, (_, i): [string, string] => ['type', `T${i}`]));
        what = `query type repeated ${Math.min(count, 1_500)} times`;
      }
      break;
    }
    case 'deep nesting': {
      const depth = one([17, 100, 5_000]);
      const objects = choice % 2 === 0;
      const nested = objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
      const key = field?.path[0] ?? 'fuzz';
      out.raw = `{"${key}":${nested}}`;
      [what, invalid] = [`body.${key} nested ${depth} deep (${objects ? 'objects' : 'arrays'})`, true];
      break;
    }
    case 'invalid UTF-8': {
      const json = Buffer.from(JSON.stringify(body ?? { text: 'x' }));
      const bad = one([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]);
      // Inside the first string value (after `{"key":"`): a broken character in a field, not in the JSON syntax.
      const at = json.indexOf('":"') >= 0 ? json.indexOf('":"') + 3 : json.length - 1;
      out.raw = Buffer.concat([json.subarray(0, at), Buffer.from(bad), json.subarray(at)]);
      [what, invalid] = [`bytes ${bad.map((b) => b.toString(16)).join(' ')} at byte ${at}`, true];
      break;
    }
    case 'NUL':
    case 'lone surrogate': {
      const bad = family === 'NUL' ? 'a\u0000b' : one(['a\ud800b', '\udc00', 'x\udbff']);
      const where = choice % 3;
      if (where === 0 && body && field?.kind === 'string') {
        setAt(body, field.path, bad);
        what = `body.${field.path.join('.')}`;
      } else if (where === 1 && body) {
        body[bad] = 1;
        what = 'a property name';
      } else if (pathNames.length > 0) {
        out.pathParams[pathNames[0]] = family === 'NUL' ? 'a%00b' : 'a%ED%A0%80b';
        what = `path ${pathNames[0]}`;
      } else {
        out.query.push(['q', bad]);
        what = 'query';
      }
      invalid = true;
      break;
    }
    case 'prototype keys': {
      const key = one(['__proto__', 'constructor', 'prototype']);
      const value = key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes', isAdmin: true };
      if (body) {
        const target = choice % 2 === 0 || !field || field.path.length < 2 ? body : (getAt(body, field.path.slice(0, -1)) as object);
        Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
        [what, invalid] = [`"${key}" key in ${target === body ? 'the body' : `body.${field!.path.slice(0, -1).join('.')}`}`, true];
      } else {
        out.query.push([`${key}[polluted]`, 'yes'], [key, 'x']);
        [what, invalid] = [`query ${key}`, true];
      }
      break;
    }
    case 'injection': {
      const payload = one(INJECTIONS);
      if (field && field.kind === 'string') {
        setAt(body!, field.path, payload);
        what = `body.${field.path.join('.')} = ${payload}`;
      } else if (out.query.length > 0) {
        out.query[0] = [out.query[0][0], payload];
        what = `query ${out.query[0][0]} = ${payload}`;
      } else {
        out.query.push(['q', payload]);
        what = `query q = ${payload}`;
      }
      break;
    }
    case 'bad path id': {
      if (pathNames.length > 0) {
        const name = pathNames[pick % pathNames.length];
        const bad = name === 'year' ? one(BAD_YEARS) : one(BAD_IDS);
        out.pathParams[name] = bad;
        [what, invalid] = [`path ${name} = ${bad}`, true];
      }
      break;
    }
    case 'bad query': {
      const garbage: Array<[string, string]> = [
        ['limit', '1'],
        ['limit', '2'],
        ['a[b][c]', '1'],
        ['%', '%'],
        ['after', '99999999999999999999999'],
        ['limit', '1e3'],
        ['cursor', 'not-a-cursor'],
        ['cursor', Buffer.from('{"k":[1,2]}').toString('base64url')],
        ['sort', 'received_desc;DROP'],
        ['type', ''],
      ];
      const [key, value] = one(garbage);
      const known = operation.parameters.some((p) => p.in === 'query' && p.name === key);
      out.query.push([key, value]);
      if (key === 'limit' && value === '2' && known) out.query.push(['limit', '1']);
      what = `query ${key}=${value}`;
      break;
    }
    case 'authorization': {
      const signedIn = out.headers.Authorization;
      const forms = [
        undefined,
        'Bearer',
        'Bearer ',
        'Basic YWRtaW46YWRtaW4=',
        'Bearer not.a.token',
        signedIn ? signedIn.slice(0, -4) + 'AAAA' : 'Bearer x.y.z',
        signedIn ? signedIn.replace(/\.[^.]*$/, '.') : 'Bearer a.b.',
        'Bearer ' + 'A'.repeat(20_000),
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYWRtaW4iXX0.',
        'bearer \u00ff\u00fe',
      ];
      const form = one(forms);
      if (form === undefined) delete out.headers.Authorization;
      else out.headers.Authorization = form;
      [what, invalid] = [`Authorization: ${form === undefined ? '(none)' : form.slice(0, 40)}`, operation.roles !== null];
      break;
    }
    case 'token claims': {
      if (operation.roles !== null) {
        const now = Math.floor(Date.now() / 1000);
        const spoiled: Array<[string, Record<string, unknown>, Record<string, unknown>?]> = [
          ['sub with a NUL', { sub: 'a\u0000b' }],
          ['sub of 500 characters', { sub: 'x'.repeat(500) }],
          ['sub with a lone surrogate', { sub: 'a\ud800' }],
          ['sub a number', { sub: 42 }],
          ['no sub', { sub: undefined }],
          ['roles an object', { roles: { admin: true } }],
          ['roles a nested list', { roles: [['admin']] }],
          ['roles unknown', { roles: ['root', '__proto__'] }],
          ['two roles', { roles: ['intake', 'admin'] }],
          ['expired', { exp: now - 60 }],
          ['exp a string', { exp: 'tomorrow' }],
          ['not yet valid', { nbf: now + 3600 }],
          ['another issuer', { iss: 'https://evil.example' }],
          ['another audience', { aud: ['someone-else'] }],
          ['unit_id with a NUL', { roles: ['unit'], unit_id: 'dept\u0000x' }],
          ['a unit user without unit_id', { roles: ['unit'], unit_id: undefined }],
          ['alg HS256 in the header', {}, { alg: 'HS256' }],
          ['crit header', {}, { crit: ['exp'] }],
        ];
        const [name, overrides, header] = one(spoiled);
        const role = operation.roles[pick % operation.roles.length] ?? 'intake';
        Object.assign(out.headers, world.signWith(role, overrides, header));
        [what, invalid] = [`token: ${name}`, true];
      }
      break;
    }
    case 'wrong role': {
      if (operation.roles !== null) {
        const others = world.roles.filter((r) => !operation.roles!.includes(r));
        if (others.length > 0) {
          const role = others[choice % others.length];
          Object.assign(out.headers, world.signIn(role, world.unitIds[pick % world.unitIds.length]));
          [what, invalid] = [`as ${role}`, true];
        }
      }
      break;
    }
    case 'If-Match': {
      const bad = one(['3', 'W/"3"', '"1", "2"', '"-1"', '"99999999999"', '*', '"abc"', '""', '"0x10"', '\u00ff']);
      out.headers['If-Match'] = bad;
      [what, invalid] = [`If-Match: ${bad}`, documentsHeader('If-Match')];
      break;
    }
    case 'Idempotency-Key': {
      const bad = one(['', ' ', 'k'.repeat(201), '\u00e9\u00e8', 'a b', '\u00ff\u00fe']);
      out.headers['Idempotency-Key'] = bad;
      // An empty header is no header at all for many clients and proxies: not certain.
      [what, invalid] = [`Idempotency-Key: ${JSON.stringify(bad.slice(0, 20))}`, documentsHeader('Idempotency-Key') && bad.trim() !== ''];
      break;
    }
    case 'X-Correlation-Id': {
      const bad = one(['x'.repeat(129), "'; DROP TABLE events; --", '<script>', '\u00ff', '', 'ok-id.1:@2']);
      out.headers['X-Correlation-Id'] = bad;
      what = `X-Correlation-Id: ${bad.slice(0, 20)}`;
      break;
    }
    case 'content type': {
      const type = one([
        null,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/json; charset=nonsense',
        'application/xml',
        'application/merge-patch+json',
        '*/*',
        'application/json, text/plain',
      ]);
      out.contentType = type;
      if (body) out.raw = JSON.stringify(body);
      what = `Content-Type: ${type ?? '(none)'}`;
      break;
    }
    case 'oversized body': {
      const size = one([256 * 1024 + 1, 1024 * 1024, 3 * 1024 * 1024]);
      const json = JSON.stringify(body ?? {});
      const pad = ',"pad":"' + 'x'.repeat(Math.max(0, size - json.length)) + '"}';
      out.raw = json === '{}' ? `{${pad.slice(1)}` : json.slice(0, -1) + pad;
      [what, invalid] = [`a ${out.raw.length}-byte body`, true];
      break;
    }
    case 'valid':
      break;
  }

  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = out.pathParams[name];
    // Bad ids are written already encoded (to send `%00` or a lone `%`); real ids are encoded here.
    return family === 'bad path id' || family === 'NUL' || family === 'lone surrogate' ? value : encode(value);
  });
  const query = out.query.map(([k, v]) => (k === '%' ? '%=%' : `${encode(k)}=${encode(v)}`)).join('&');
  const headers = { ...out.headers };
  let sent: string | Buffer | undefined = out.raw ?? (body !== undefined ? JSON.stringify(body) : undefined);
  if (sent === undefined && (operation.method === 'POST' || operation.method === 'PUT') && family === 'oversized body') sent = out.raw;
  if (sent !== undefined) {
    if (out.contentType === undefined) headers['Content-Type'] = 'application/json';
    else if (out.contentType !== null) headers['Content-Type'] = out.contentType;
  }
  return {
    operation,
    family,
    what: what || (family === 'valid' ? '' : '(does not apply: sent valid)'),
    invalid,
    method: operation.method,
    path,
    query,
    headers,
    body: sent,
  };
}

/** Percent-encoded UTF-8, a lone surrogate as the three bytes it would be (ED A0 80 for U+D800), which encodeURIComponent refuses. */
function encode(text: string): string {
  return Array.from(text, (c) => {
    const unit = c.charCodeAt(0);
    if (c.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(c);
    return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  }).join('');
}

/**
 * Fields validated only in some cases (`@ValidateIf`): a complainant's name and phone unless anonymous,
 * an accountability target's name and post for a person, a deduction's counts by its kind. Otherwise
 * they are dropped, whatever their type, so a wrong type there is not certain to be refused.
 */
const CONDITIONAL_FIELDS = new Set([
  'complainant.name',
  'complainant.phone',
  'target.name',
  'target.position',
  'personTimes',
  'pointsPerPersonTime',
  'count',
]);

interface Field {
  path: string[];
  kind: ReturnType<typeof kindOf>;
  schema: Schema;
}

/** The fields present in `value`, described by `schema`, down to leaves and arrays. */
function leafFields(schema: Schema, value: unknown, path: string[] = []): Field[] {
  if (!schema.properties || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(schema.properties).flatMap(([key, s]) => {
    if (!(key in (value as object))) return [];
    const here = { path: [...path, key], kind: kindOf(s), schema: s };
    return here.kind === 'object' ? [here, ...leafFields(s, (value as Record<string, unknown>)[key], here.path)] : [here];
  });
}

/** A value certainly not of `kind`. */
function wrongValue(kind: Field['kind'], choice: number): unknown {
  const byKind: Record<string, unknown[]> = {
    string: [42, true, ['x'], { x: 1 }, 1e308],
    number: ['12', true, [1], { n: 1 }, 'NaN'],
    boolean: ['true', 1, 0, ['true'], { b: true }],
    array: ['x', 7, { 0: 'a', length: 1 }, true],
    object: ['x', 7, [1, 2], true],
  };
  const options = byKind[kind] ?? ['x'];
  return options[choice % options.length];
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  const parent = getAt(target, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1]] = value;
}

function getAt(target: unknown, path: string[]): unknown {
  return path.reduce((at, key) => (at as Record<string, unknown>)[key], target);
}
