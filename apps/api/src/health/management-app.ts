import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { openApiDocument, serveOpenApi } from '../openapi';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { ReadModelMetrics } from '../metrics/read-model-metrics';

/** Paths only the management listener answers. */
const MANAGEMENT_PATH = /^\/(metrics|docs-json|docs)(\/|$)/;

@Module({})
class ManagementModule {
  /** /metrics shows the API application's own registry: what it counted, and the figures it reads. */
  static forApi(api: INestApplication): DynamicModule {
    return {
      module: ManagementModule,
      controllers: [MetricsController],
      providers: [
        { provide: MetricsRegistry, useValue: api.get(MetricsRegistry) },
        { provide: ReadModelMetrics, useValue: api.get(ReadModelMetrics) },
      ],
    };
  }
}

/**
 * The management listener (MANAGEMENT_PORT, on 127.0.0.1 unless MANAGEMENT_HOST says otherwise):
 * Swagger UI at /docs, the OpenAPI document at /docs-json and Prometheus metrics at /metrics, none of
 * which the API port serves. Every other path is handed to the API application `api` itself, with
 * its sign-in and roles, so Swagger UI's "Try it out" calls the API from the page's own origin (no
 * CORS) with the token pasted under Authorize. Not yet listening.
 */
export async function createManagementApp(api: INestApplication): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ManagementModule.forApi(api), {
    // The API application parses bodies itself; the stream must reach it untouched.
    bodyParser: false,
  });
  app.disable('x-powered-by');
  const apiHandler = api.getHttpAdapter().getInstance() as (req: Request, res: Response) => void;
  app.use((request: Request, response: Response, next: NextFunction) =>
    MANAGEMENT_PATH.test(request.path) ? next() : apiHandler(request, response),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  serveOpenApi(app, openApiDocument(api));
  await app.init();
  return app;
}
