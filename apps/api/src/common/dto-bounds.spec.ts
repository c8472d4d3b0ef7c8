import * as fs from 'node:fs';
import * as path from 'node:path';
import { IsArray, IsObject, getMetadataStorage, ValidateNested } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * Every request DTO bounds what it accepts (docs: README "Limits"): an array property declares
 * `@ArrayMaxSize`, a string property `@MaxLength`, `@IsIn`, an anchored `@Matches` without an
 * unbounded repetition, or a validator that only accepts a short fixed form. The DTOs are found
 * the way the validation pipe finds them: in class-validator's metadata, filled by loading every
 * source file of the API, so a new DTO anywhere under apps/api/src is checked without being listed.
 *
 * Every nested DTO is an object, too: `@ValidateNested()` alone lets an array through in its place
 * (class-validator validates the array's items, none for `[]`), so every rule of the nested DTO is
 * skipped. A property validated as one nested DTO declares `@IsObject()`; one validated as a list of
 * them (`each`) declares `@IsArray()` and `@IsObject({ each: true })`, which also refuses `[[]]`.
 */

/** Validators that only ever accept a string of a short fixed form. */
const FIXED_FORM = new Set(['isLocalDate', 'isIn', 'isUUID', 'isBoolean', 'isInt', 'isNumber']);
const ARRAY_RULES = new Set(['isArray', 'arrayMaxSize', 'arrayMinSize', 'arrayNotEmpty']);
const STRING_RULES = new Set(['isString', 'matches', 'isIso8601', 'isNotEmpty', 'notBlank', 'maxLength', 'isLocalDate']);

function loadApiSources(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) loadApiSources(file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading is the point: the decorators register the DTOs
    else if (/\.ts$/.test(entry.name) && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) require(file);
  }
}

/** True if `pattern` is anchored at both ends and every repetition in it has an upper bound. */
export function isBoundedPattern(pattern: RegExp): boolean {
  const source = pattern.source;
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return false;
  // Drop escapes and character classes, then look for *, + and {n,} outside them, and a top-level |.
  const bare = source.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  if (/[*+]|\{\d+,\}/.test(bare)) return false;
  let depth = 0;
  for (const char of bare) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === '|' && depth === 0) return false;
  }
  return true;
}

function bounds(rules: ValidationMetadata[]): { array: boolean; string: boolean } {
  return {
    array: rules.some((r) => r.name === 'arrayMaxSize' && !r.each),
    string: rules.some(
      (r) =>
        r.name === 'maxLength' ||
        FIXED_FORM.has(r.name ?? '') ||
        (r.name === 'matches' && r.constraints[0] instanceof RegExp && isBoundedPattern(r.constraints[0])),
    ),
  };
}

/** What each property of `target` lacks: "array without ArrayMaxSize", "string without a length bound". */
function unbounded(target: new () => object): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  const faults: string[] = [];
  for (const [property, own] of byProperty) {
    const type = Reflect.getMetadata('design:type', target.prototype, property) as unknown;
    const itemRules = own.filter((r) => r.each);
    const wholeRules = own.filter((r) => !r.each);
    const isArray = type === Array || own.some((r) => ARRAY_RULES.has(r.name ?? '') || r.each);
    if (isArray && !bounds(wholeRules).array) faults.push(`${target.name}.${property}: an array without @ArrayMaxSize`);
    const itemIsString = itemRules.some((r) => STRING_RULES.has(r.name ?? ''));
    if (isArray && itemIsString && !bounds(itemRules).string) faults.push(`${target.name}.${property}: strings without a length bound`);
    const isString = !isArray && (type === String || wholeRules.some((r) => STRING_RULES.has(r.name ?? '')));
    if (isString && !bounds(wholeRules).string) faults.push(`${target.name}.${property}: a string without a length bound`);
  }
  return faults;
}

/** What each nested property of `target` lacks: `@IsObject()`, or for a list `@IsArray()` and `@IsObject({ each: true })`. */
function looselyNested(target: new () => object): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const faults: string[] = [];
  for (const property of new Set(rules.filter((r) => r.type === 'nestedValidation').map((r) => r.propertyName))) {
    const own = rules.filter((r) => r.propertyName === property);
    const has = (name: string, each: boolean) => own.some((r) => r.name === name && Boolean(r.each) === each);
    const nested = own.filter((r) => r.type === 'nestedValidation');
    if (nested.some((r) => !r.each) && !has('isObject', false))
      faults.push(`${target.name}.${property}: a nested DTO without @IsObject (an array in its place skips its rules)`);
    if (nested.some((r) => r.each) && !has('isArray', false)) faults.push(`${target.name}.${property}: nested DTOs without @IsArray`);
    if (nested.some((r) => r.each) && !has('isObject', true))
      faults.push(`${target.name}.${property}: nested DTOs without @IsObject({ each: true }) (an array item skips their rules)`);
  }
  return faults;
}

describe('every request DTO bounds its arrays and strings', () => {
  loadApiSources(path.resolve(__dirname, '..'));
  const targets = [
    ...(getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas.keys(),
  ].filter((target): target is new () => object => typeof target === 'function');

  it('finds the DTOs (a loader that found none would pass anything)', () => {
    const names = targets.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['PlanRectificationRequestDto', 'PublishTimeLimitPolicyBody', 'ListCasesRequestDto']));
    expect(targets.length).toBeGreaterThan(40);
  });

  it('no array without @ArrayMaxSize, no string without a length bound', () => {
    expect(targets.flatMap(unbounded)).toEqual([]);
  });

  it('every nested DTO is declared an object (a list of them: an array of objects)', () => {
    expect(targets.flatMap(looselyNested)).toEqual([]);
  });

  it('tells a loosely nested DTO from one declared an object', () => {
    class Part {
      @IsArray()
      tags!: string[];
    }
    class Loose {
      @ValidateNested()
      one!: Part;

      @ValidateNested({ each: true })
      many!: Part[];
    }
    class Strict {
      @IsObject({ message: '$property must be an object' }) // options without `each`: not a list
      @ValidateNested()
      one!: Part;

      @IsArray()
      @IsObject({ each: true })
      @ValidateNested({ each: true })
      many!: Part[];
    }
    expect(looselyNested(Loose)).toEqual([
      'Loose.one: a nested DTO without @IsObject (an array in its place skips its rules)',
      'Loose.many: nested DTOs without @IsArray',
      'Loose.many: nested DTOs without @IsObject({ each: true }) (an array item skips their rules)',
    ]);
    expect(looselyNested(Strict)).toEqual([]);
  });

  it('tells a bounded pattern from an unbounded one', () => {
    expect(isBoundedPattern(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/)).toBe(true);
    expect(isBoundedPattern(/^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2})?)?$/)).toBe(true);
    expect(isBoundedPattern(/^\d+$/)).toBe(false);
    expect(isBoundedPattern(/^[a-z]{2,}$/)).toBe(false);
    expect(isBoundedPattern(/[a-z]{2}/)).toBe(false);
    expect(isBoundedPattern(/^a|b$/)).toBe(false);
    expect(isBoundedPattern(/^[*+]{1,3}\+$/)).toBe(true);
  });
});
