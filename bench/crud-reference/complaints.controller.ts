import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ComplaintDto } from './complaint.dto';
import { CRUD_POOL } from './crud-pool';

/** A plain CRUD endpoint: validate, one INSERT of the complaint row with a generated id, 201. */
@Controller()
export class ComplaintsController {
  constructor(@Inject(CRUD_POOL) private readonly pool: Pool) {}

  @Post('api/v1/cases')
  @HttpCode(201)
  async file(@Body() dto: ComplaintDto): Promise<{ id: string }> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO complaints (id, channel, category, urgency, title, description, complained_unit_id, received_at, complainant)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        dto.channel,
        dto.category,
        dto.urgency,
        dto.title,
        dto.description,
        dto.complainedUnitId,
        dto.receivedAt,
        JSON.stringify(dto.complainant),
      ],
    );
    return { id };
  }

  /** For the bench to know it is up. */
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}
