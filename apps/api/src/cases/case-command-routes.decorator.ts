import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { ROLES } from '../common/request-context';
import { RolesGuard } from '../common/roles.guard';
import { VersionEtagInterceptor } from '../common/version-etag.interceptor';

/**
 * What every controller of case commands shares: the path, the caller headers, the roles guard,
 * Idempotency-Key, and the version as ETag.
 */
export const CaseCommandRoutes = () =>
  applyDecorators(
    ApiTags('cases'),
    ApiHeader({ name: 'X-Actor', required: true }),
    ApiHeader({ name: 'X-Role', required: true, enum: [...ROLES] }),
    ApiHeader({ name: 'X-Unit', required: false, description: 'Required for the unit role' }),
    ApiHeader({ name: 'If-Match', required: false, description: '"<version>": act only if the case is still at that version (else 412)' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first response' }),
    Controller('api/v1/cases'),
    UseGuards(RolesGuard),
    // Outermost first: the idempotency record stores the ETag the inner interceptor has set.
    UseInterceptors(IdempotencyInterceptor, VersionEtagInterceptor),
  );
