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

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    // class-validator starts a message with the property's name ("property foo should not exist" for
    // an unknown one): the field's whole path stands there instead.
    const own = shown(error).map((message) => ({ field, message: message.replace(/^(property )?[\w.[\]]+ /, `${field} `) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A field's messages. Of a field left out, that it is required (or the field's own message saying
 * when it is): "title must be shorter than or equal to 200 characters" said of no title misleads.
 * Of a value that is not a number at all, only that: its range is beside the point.
 */
function shown(error: ValidationError): string[] {
  const constraints = error.constraints ?? {};
  if (error.value === undefined && Object.keys(constraints).length > 0) {
    const saysWhen = Object.values(constraints).filter((message) => / is required\b/.test(message));
    return saysWhen.length > 0 ? saysWhen : [`${error.property} is required`];
  }
  const notANumber = typeof error.value !== 'number' && ('isInt' in constraints || 'isNumber' in constraints);
  return Object.entries(constraints)
    .filter(([name]) => !(notANumber && (name === 'min' || name === 'max')))
    .map(([, message]) => message);
}
