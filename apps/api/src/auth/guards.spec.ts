import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { declaredRoutes } from '../../../../test/support/routes';
import { TokenSigner } from '../../../../test/support/tokens';
import { ThrottlerModule } from '@nestjs/throttler';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { SlidingWindowStorage } from '../common/rate-limit.storage';
import { AllowedRoles, Public, RolesGuard } from '../common/roles.guard';
import { AuthenticationGuard } from './authentication.guard';
import { TokenVerifier } from './token-verifier';

@Controller('planted')
class PlantedController {
  /** A route someone forgot to declare roles for. */
  @Get('forgotten')
  forgotten() {
    return { reached: true };
  }

  @Get('admin-only')
  @AllowedRoles('admin')
  adminOnly() {
    return { reached: true };
  }

  @Get('open')
  @Public()
  open() {
    return { reached: true };
  }
}

/**
 * The two global guards on a planted controller: a route that declares no roles is closed to every
 * caller (deny by default), and the route enumeration the route × role test runs on names it.
 */
describe('AuthenticationGuard and RolesGuard', () => {
  const signer = TokenSigner.generate();
  let app: INestApplication;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      // AuthenticationGuard counts the requests it refuses against their address (RateLimitGuard).
      imports: [
        ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: 1_000, blockDuration: 0 }], storage: new SlidingWindowStorage() }),
      ],
      controllers: [PlantedController],
      providers: [
        RateLimitGuard,
        { provide: TokenVerifier, useValue: signer.issuer().verifier(30) },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });
  afterAll(async () => app.close());

  const admin = () => signer.headers({ sub: 'admin-zhao', role: 'admin' });

  it('refuses a route without declared roles to every role, even the admin', async () => {
    for (const role of ['intake', 'discipline', 'dashboard', 'admin']) {
      const response = await request(app.getHttpServer())
        .get('/planted/forgotten')
        .set(signer.headers({ sub: 'x', role }))
        .expect(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN_ROLE', detail: 'No role may call this route: it declares none' });
    }
    await request(app.getHttpServer())
      .get('/planted/forgotten')
      .set(signer.headers({ sub: 'x', role: 'unit', unitId: 'u' }))
      .expect(403);
  });

  it('checks the token before the role: no token is 401 on any route that is not public', async () => {
    for (const path of ['/planted/forgotten', '/planted/admin-only']) {
      expect((await request(app.getHttpServer()).get(path).expect(401)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await request(app.getHttpServer()).get('/planted/open').expect(200);
  });

  it('lets a declared role through, and no other', async () => {
    await request(app.getHttpServer()).get('/planted/admin-only').set(admin()).expect(200);
    await request(app.getHttpServer())
      .get('/planted/admin-only')
      .set(signer.headers({ sub: 'x', role: 'intake' }))
      .expect(403);
  });

  it('checks the role on every request, a remembered token naming its own caller only', async () => {
    const adminToken = admin();
    await request(app.getHttpServer()).get('/planted/admin-only').set(adminToken).expect(200);
    const intake = signer.headers({ sub: 'intake-wang', role: 'intake' });
    await request(app.getHttpServer()).get('/planted/admin-only').set(intake).expect(403);
    await request(app.getHttpServer()).get('/planted/admin-only').set(intake).expect(403);
    await request(app.getHttpServer()).get('/planted/forgotten').set(adminToken).expect(403);
    await request(app.getHttpServer()).get('/planted/admin-only').set(adminToken).expect(200);
  });

  it('the route enumeration finds the undeclared route (test/e2e/route-roles.e2e-spec.ts fails on it)', () => {
    const undeclared = declaredRoutes(app).filter((r) => !r.access.public && !r.access.roles?.length);
    expect(undeclared.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)).toEqual([
      'GET /planted/forgotten (PlantedController.forgotten)',
    ]);
  });
});
