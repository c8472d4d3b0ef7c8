import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { oversizedArrays } from './array-bounds';

/** One field at fault, as listed in a 400 problem's `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * How much of a validation failure a 400 problem lists: the first 20 fields at fault, each path and
 * message cut short, and no more than about 4,000 characters of them; `errorsOmitted` counts the
 * rest. A client fixing its request needs the first few; a hostile one gets a few kB, not megabytes.
 */
export const ERRORS_SHOWN = { count: 20, fieldLength: 100, messageLength: 200, totalLength: 4000 } as const;

/**
 * class-validator on every body, query and param: unknown fields are refused (a typo must not be
 * silently dropped), and the 400 problem lists each field at fault by its path (`measures[0].dueDate`).
 * An array longer than its `@ArrayMaxSize` is refused on its length before any item is validated.
 */
export function validationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields', ...summarise(flatten(errors)) }),
  });
}

class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A named path parameter goes on to its own pipe (YearPipe, AppraisalYearPipe, UuidPipe, …) as
    // the text the path holds. ValidationPipe would first turn the text into the parameter's type,
    // `+value` for a number, and `2025.0` or `0x7e9` would reach the pipe as the year 2025.
    if (metadata.type === 'param' && metadata.data !== undefined) return value;
    const oversized = metadata.metatype ? oversizedArrays(metadata.metatype, value) : [];
    if (oversized.length > 0) throw await this.exceptionFactory(oversized);
    return super.transform(value, metadata);
  }
}

/** The first errors within ERRORS_SHOWN, and how many were left out (absent when none). */
export function summarise(all: FieldError[]): { errors: FieldError[]; errorsOmitted?: number } {
  const errors: FieldError[] = [];
  let length = 0;
  for (const error of all) {
    const shown = { field: cut(error.field, ERRORS_SHOWN.fieldLength), message: cut(error.message, ERRORS_SHOWN.messageLength) };
    length += shown.field.length + shown.message.length;
    if (errors.length === ERRORS_SHOWN.count || (errors.length > 0 && length > ERRORS_SHOWN.totalLength)) break;
    errors.push(shown);
  }
  return all.length > errors.length ? { errors, errorsOmitted: all.length - errors.length } : { errors };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const NUMBER_CONSTRAINTS = 'a number conforming to the specified constraints';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const unknown = error.constraints?.whitelistValidation !== undefined;
    // A number is an array's index (`measures[0]`) only below the top and only where class-validator
    // went into an array: a key the request does not have ("1", "标题", "a b") is named as sent.
    const index = parent !== '' && !unknown && /^\d+$/.test(error.property);
    const field = index ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    if (unknown) return [{ field, message: notBelonging(error.property, parent, field) }];
    const own = shown(error).map((message) => ({
      field,
      // IsNumber's "must be a number conforming to the specified constraints" says a type, not a rule.
      message: named(message, error.property, field).replace(NUMBER_CONSTRAINTS, 'a number'),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A key the request does not have, named as sent, in the words of any other unknown field ("foo
 * should not exist"); a key with no name at all is said to be one.
 */
function notBelonging(property: string, parent: string, field: string): string {
  if (property !== '') return `${field} should not exist`;
  return parent ? `a property with an empty name in ${parent} should not exist` : 'a property with an empty name should not exist';
}

/**
 * class-validator starts a message with the property's name ("title must be a string"): the field's
 * whole path stands there instead. A message that starts with a path of its own ending in the
 * property ("due.from must be a date") has that path replaced. Any other message names the field
 * further on, in its own words ("each of appraisedUnitIds must be a unit id", "All rankBy's elements
 * must be unique"), and is left as it is: replacing its first word made "appraisedUnitIds of
 * appraisedUnitIds must be a unit id".
 */
function named(message: string, property: string, field: string): string {
  if (message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  const path = /^[\w.[\]]+(?= )/.exec(message)?.[0];
  if (path?.endsWith(`.${property}`)) return `${field}${message.slice(path.length)}`;
  return message;
}

/**
 * A field's messages. Of a field left out, that it is required (or the field's own message saying
 * when it is): "title must be shorter than or equal to 200 characters" said of no title misleads.
 * Of a value of the wrong type (`"title": 123`), only its type: the rules of a value of the right
 * type (not blank, its length, its range) are beside the point. Of a field given with a kind of
 * request it does not belong to, only that. Otherwise every rule it breaks.
 */
function shown(error: ValidationError): string[] {
  const constraints = error.constraints ?? {};
  // A field with errors inside was given, though its value is gone: ValidationPipe strips the value
  // of every error with children (stripParentErrorValues), `"measures": [5]` included.
  const leftOut = error.value === undefined && !(error.children ?? []).length;
  if (leftOut && Object.keys(constraints).length > 0) {
    const saysWhen = Object.values(constraints).filter((message) => / is required\b/.test(message));
    return saysWhen.length > 0 ? saysWhen : [`${error.property} is required`];
  }
  // A field that does not belong to this kind of request at all (OnlyWhen, OfKind): that is the whole
  // story, whatever its value; "must be a number" would have the caller fix a value it must leave out.
  if (constraints.onlyWhen) return [constraints.onlyWhen];
  const rules = Object.entries(constraints);
  const wrongType = rules.filter(([name, message]) => isWrongType(name, message, error.value));
  if (wrongType.length > 0) return wrongType.map(([, message]) => message);
  const fitting = rules.filter(([name, message]) => fitsType(name, message, error.value));
  return (fitting.length > 0 ? fitting : rules).map(([, message]) => message);
}

/** class-validator's type rules, each with the values of its type. */
const TYPE_RULES: Readonly<Record<string, (value: unknown) => boolean>> = {
  isString: (value) => typeof value === 'string',
  isNumber: (value) => typeof value === 'number',
  isInt: (value) => typeof value === 'number',
  isBoolean: (value) => typeof value === 'boolean',
  isArray: (value) => Array.isArray(value),
  isObject: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
};

/** Rules that only say something of a value of one type: a string's length and content, a number's range. */
const RULES_OF_A_TYPE: Readonly<Record<string, (value: unknown) => boolean>> = {
  notBlank: TYPE_RULES.isString,
  maxLength: TYPE_RULES.isString,
  minLength: TYPE_RULES.isString,
  min: TYPE_RULES.isNumber,
  max: TYPE_RULES.isNumber,
};

/**
 * A rule on each item of an array (`{ each: true }`: "each value in tags must be a string"), given an
 * array: it judges the items, not the value's type.
 */
const onItems = (message: string, value: unknown) => Array.isArray(value) && message.startsWith('each value in ');

/** Whether `name` is a type rule the value broke by being of another type (1.5 is a number, if not an integer). */
function isWrongType(name: string, message: string, value: unknown): boolean {
  const ofType = TYPE_RULES[name];
  return ofType !== undefined && !onItems(message, value) && !ofType(value);
}

/** Whether rule `name` says anything of a value of this type. */
function fitsType(name: string, message: string, value: unknown): boolean {
  const ofType = RULES_OF_A_TYPE[name];
  return ofType === undefined || onItems(message, value) || ofType(value);
}
