import 'reflect-metadata';
import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Pool } from 'pg';
import { ComplaintsController } from './complaints.controller';
import { CRUD_POOL, openCrudPool } from './crud-pool';

/**
 * The reference of the post-cases and queries sections (bench/sections/post-cases,
 * bench/scale/queries.section.ts): a plain NestJS + class-validator + pg service taking the same
 * complaint body on POST /api/v1/cases and answering a page of its complaints on GET. Started by the
 * bench in a process of its own, as ours is: DATABASE_URL, PORT (on 127.0.0.1), PG_POOL_MAX,
 * CRUD_SEED_ROWS. Exits 1 when it cannot start (e.g. its database cannot be reached), which the
 * bench reports as a failed reference.
 */
@Module({})
class CrudModule {
  static with(pool: Pool): DynamicModule {
    return { module: CrudModule, controllers: [ComplaintsController], providers: [{ provide: CRUD_POOL, useValue: pool }] };
  }
}

async function main(): Promise<void> {
  const pool = await openCrudPool(process.env);
  const app = await NestFactory.create(CrudModule.with(pool), { logger: ['error', 'warn'] });
  // As the API validates: unknown fields refused, the body turned into the DTO.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  const stop = () => void app.close().finally(() => pool.end().finally(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`crud-reference: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
