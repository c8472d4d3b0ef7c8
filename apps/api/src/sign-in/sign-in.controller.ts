import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UnitErrors } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { Public } from '../common/roles.guard';
import { DevSignIn, type SignInMethod } from './dev-sign-in';
import { DevTokenRequestDto } from './sign-in.request.dto';
import { DEV_TOKEN, SIGN_IN_METHOD } from './sign-in.responses';

/** How to sign in (the console's sign-in page asks before anyone is signed in). */
@ApiTags('sign-in')
@Controller('api/v1/sign-in')
export class SignInController {
  constructor(private readonly signIn: DevSignIn) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'How to sign in, no sign-in needed: at the OIDC provider (authorization code + PKCE), or, in development (no OIDC_ISSUER), ' +
      'as one of the demo users listed, with POST /api/v1/sign-in/dev-token',
  })
  @Answers({ status: 200, description: 'The sign-in method', schema: SIGN_IN_METHOD })
  method(): SignInMethod {
    return this.signIn.method();
  }
}

/**
 * The development issuer's tokens over HTTP, for the console's sign-in page. The route exists only
 * when no OIDC provider is configured (ApiModule registers it then only); a production server has one
 * (NODE_ENV=production requires OIDC_ISSUER), so there it answers 404 like any unknown path.
 */
@ApiTags('sign-in')
@Controller('api/v1/sign-in')
export class DevTokenController {
  constructor(private readonly signIn: DevSignIn) {}

  @Post('dev-token')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      'Development only (no OIDC_ISSUER; otherwise 404): a token for a demo user, signed by the development issuer as `npm run token` does',
  })
  @Answers({ status: 200, description: 'The token and when it expires', schema: DEV_TOKEN })
  @Problems({ 422: [UnitErrors.UNIT_NOT_FOUND] })
  token(@Body() dto: DevTokenRequestDto) {
    return this.signIn.token(dto.role, dto.unitId ?? null);
  }
}
