import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeContract } from './common/api-contract';

/** The security scheme every signed-in route names (routes.decorator.ts): Swagger UI's Authorize button. */
export const BEARER_SCHEME = 'bearer';

/**
 * The OpenAPI document of the API application `api`, with every answer and problem of every route
 * (common/api-contract.ts): e2e tests validate each response against it.
 */
export function openApiDocument(api: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Complaint cases API')
    .setDescription(
      'Complaints about government units, routed, handled, rectified and audited. Every change is an event; ' +
        'errors are RFC 9457 problem+json with a stable `code`. Every route but `GET /health` needs ' +
        '`Authorization: Bearer <token>`: press Authorize and paste a token (in development `npm start` prints ' +
        'one per role, `npm run token -- --role <role>` makes more; see the README, "Signing in").',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  return completeContract(SwaggerModule.createDocument(api, config));
}

/**
 * Serves `document` on `app` (the management listener, apps/api/src/health/management-app.ts):
 * Swagger UI at /docs, the document at /docs-json. The token pasted under Authorize is kept across
 * reloads of the page (in the browser's local storage).
 */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
}
