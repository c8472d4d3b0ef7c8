import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ComplaintPageDto } from './complaint-page.dto';
import { ComplaintDto } from './complaint.dto';
import { CRUD_POOL } from './crud-pool';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A plain CRUD endpoint: POST validates and INSERTs the complaint row with a generated id (201);
 * GET answers a page of rows, latest received first, by keyset (the queries section's reference).
 */
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

  /** The list's columns (no description, no complainant: a list shows neither), one row more than the page to tell whether one follows. */
  @Get('api/v1/cases')
  async page(@Query() { limit = 20, cursor }: ComplaintPageDto): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor) : null;
    const { rows } = await this.pool.query<{ id: string; received_at: Date }>(
      `SELECT id, channel, category, urgency, title, complained_unit_id, received_at, created_at FROM complaints
       ${after ? 'WHERE (received_at, id) < ($2::timestamptz, $3::uuid)' : ''}
       ORDER BY received_at DESC, id DESC LIMIT $1`,
      after ? [limit + 1, ...after] : [limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit ? Buffer.from(JSON.stringify([last.received_at.toISOString(), last.id])).toString('base64url') : null;
    return { items, nextCursor };
  }

  /** For the bench to know it is up. */
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && !Number.isNaN(Date.parse(String(key[0]))) && UUID.test(String(key[1]))) {
      return [String(key[0]), String(key[1])];
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw new BadRequestException('cursor must be a nextCursor returned by this list');
}
