import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** One field at fault, as listed in a 400 problem's `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * class-validator on every body, query and param: unknown fields are refused (a typo must not be
 * silently dropped), and the 400 problem lists each field at fault by its path (`measures[0].dueDate`).
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields', errors: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^[\w.[\]]+ /, `${field} `) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
