import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError, UnitErrors } from '@app/domain';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { DevTokenIssuer, DEFAULT_DEV_TOKEN_TTL_SECONDS } from '../auth/dev-token-issuer';
import { ROLES, type Role } from '../common/request-context';
import { UnitDirectory } from '../units/unit-directory';
import { readUnitSeedFile } from '../units/unit-seed-file';

export interface DemoUser {
  role: Role;
  unitId: string | null;
  unitName: string | null;
}

export interface SignInMethod {
  method: 'development' | 'oidc';
  /** The provider, and the claims (dotted paths) its tokens name the role and unit by, for the console to show them. */
  oidc: { issuer: string; clientId: string | null; scope: string; claims: { roles: string; unit: string } } | null;
  demoUsers: DemoUser[];
}

/** Scopes the console asks an OIDC provider for: the id token, and the profile for the user's name. */
const OIDC_SCOPE = 'openid profile';

/**
 * How the console signs in (docs/console.md): with an OIDC provider, authorization code + PKCE at it;
 * without one (development), as one of the demo users, with a token of the development issuer — the
 * same the API trusts and `npm run token` signs with. `issuer` is null with a provider.
 */
@Injectable()
export class DevSignIn {
  private demoUsersOnce: DemoUser[] | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    private readonly units: UnitDirectory,
    @Optional() @Inject(DevTokenIssuer) private readonly issuer: DevTokenIssuer | null,
  ) {}

  method(): SignInMethod {
    const { oidc } = this.config.auth;
    if (oidc)
      return {
        method: 'oidc',
        oidc: {
          issuer: oidc.issuer,
          clientId: oidc.consoleClientId,
          scope: OIDC_SCOPE,
          claims: { roles: oidc.claims.roles, unit: oidc.claims.unit },
        },
        demoUsers: [],
      };
    return { method: 'development', oidc: null, demoUsers: this.demoUsers() };
  }

  /**
   * A development token for `role` (and a unit user's unit), valid as long as `npm run token`'s. A
   * unit no one registered is refused (422 naming `unitId`): its token would sign in to empty lists
   * and every command refused, with nothing saying why.
   */
  async token(
    role: Role,
    unitId: string | null,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: string; role: Role; unitId: string | null }> {
    if (!this.issuer) throw new Error('No development issuer: an OIDC provider is configured');
    const scopedUnit = role === 'unit' ? unitId : null;
    if (scopedUnit !== null && !(await this.units.get(scopedUnit))) {
      throw new DomainError(UnitErrors.UNIT_NOT_FOUND, `There is no unit ${scopedUnit}`, { field: 'unitId' });
    }
    const token = await this.issuer.issue({ role, unitId: scopedUnit, ttlSeconds: DEFAULT_DEV_TOKEN_TTL_SECONDS }, now);
    return {
      token,
      expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + DEFAULT_DEV_TOKEN_TTL_SECONDS * 1000).toISOString(),
      role,
      unitId: scopedUnit,
    };
  }

  /** One user per role but the unit role, then a unit user for each unit of the seed file (none without one). */
  private demoUsers(): DemoUser[] {
    this.demoUsersOnce ??= [
      ...ROLES.filter((role) => role !== 'unit').map((role) => ({ role, unitId: null, unitName: null })),
      ...this.seededUnits().map((unit) => ({ role: 'unit' as const, unitId: unit.id, unitName: unit.name })),
    ];
    return this.demoUsersOnce;
  }

  private seededUnits(): Array<{ id: string; name: string }> {
    const file = this.config.unitsSeedFile;
    if (!file) return [];
    try {
      return readUnitSeedFile(file).units.map(({ id, name }) => ({ id, name }));
    } catch {
      return []; // the seeder reports a bad file at start; the sign-in page still offers the roles
    }
  }
}
