import type { FactoryProvider } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { loadConfig, type OidcConfig, type RuntimeConfig } from '@app/platform';
import { claim } from '../../apps/api/src/auth/token-claims';
import { tokenVerifierProvider } from '../../apps/api/src/auth/token-verifier.provider';
import type { TokenVerifier } from '../../apps/api/src/auth/token-verifier';
import { ROLES, type Role } from '../../apps/api/src/common/request-context';

/**
 * The Keycloak of `docker compose` and the API it fronts agree (README "docker compose"): the realm
 * export compose mounts has, for every role of the API, a user who can sign in with the password
 * grant of the README, and the access token Keycloak would give that user — built here from the
 * export's clients, client scopes and protocol mappers, as Keycloak evaluates them — is accepted by
 * the API configured with compose's OIDC_* environment, as that user, role and unit. No Keycloak
 * runs: this reads the two files, so a change on either side that breaks signing in fails here.
 */

const ROOT = path.join(__dirname, '..', '..');
const COMPOSE = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

// --- docker-compose.yml: just enough YAML for its environment blocks -----------------------------

const indentOf = (line: string) => line.length - line.trimStart().length;
const keyOf = (line: string) => /^\s*([^\s:]+):(\s|$)/.exec(line)?.[1];

/** The `key: value` entries directly under `keys` (a path of nested mappings) in docker-compose.yml. */
function composeEntries(keys: readonly string[]): Record<string, string> {
  let block = COMPOSE.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  for (const key of keys) {
    const depth = Math.min(...block.map(indentOf));
    const at = block.findIndex((line) => indentOf(line) === depth && keyOf(line) === key);
    if (at < 0) fail(`docker-compose.yml has no ${keys.join(' › ')}`);
    const end = block.findIndex((line, i) => i > at && indentOf(line) <= depth);
    block = block.slice(at + 1, end < 0 ? undefined : end);
  }
  const depth = Math.min(...block.map(indentOf));
  const entries = block.filter((line) => indentOf(line) === depth).map((line) => /^\s*([^\s:]+):\s*(.*?)(\s+#.*)?$/.exec(line));
  return Object.fromEntries(entries.flatMap((m) => (m ? [[m[1], m[2].replace(/^(['"])(.*)\1$/, '$2')]] : [])));
}

/** A service's environment as compose gives it: the anchors it merges (`<<: [*a, *b]`), then its own entries. */
function composeEnvironment(service: string): Record<string, string> {
  const { '<<': merged = '', ...own } = composeEntries(['services', service, 'environment']);
  const anchored = [...merged.matchAll(/\*([\w-]+)/g)].map(([, anchor]) => {
    const key = new RegExp(`^([\\w-]+):\\s*&${anchor}\\s*$`, 'm').exec(COMPOSE)?.[1];
    return composeEntries([key ?? fail(`docker-compose.yml has no anchor &${anchor}`)]);
  });
  return Object.assign({}, ...anchored, own) as Record<string, string>;
}

// --- The realm export, in the shape of Keycloak's RealmRepresentation (the parts read here) -------

type MapperConfig = Record<string, string | undefined>;
interface ProtocolMapper {
  name?: string;
  protocolMapper: string;
  config?: MapperConfig;
}
interface ClientScope {
  name: string;
  protocolMappers?: ProtocolMapper[];
}
interface Client {
  clientId: string;
  enabled?: boolean;
  publicClient?: boolean;
  directAccessGrantsEnabled?: boolean;
  fullScopeAllowed?: boolean;
  defaultClientScopes?: string[];
  protocolMappers?: ProtocolMapper[];
  attributes?: Record<string, string>;
}
interface RoleRepresentation {
  name: string;
  composites?: { realm?: string[] };
}
interface Group {
  name: string;
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
  subGroups?: Group[];
}
interface User {
  id?: string;
  username: string;
  enabled?: boolean;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  credentials?: Array<{ type: string; value?: string; temporary?: boolean }>;
  requiredActions?: string[];
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
  groups?: string[];
  attributes?: Record<string, string[]>;
}
interface RealmExport {
  realm: string;
  enabled?: boolean;
  accessTokenLifespan?: number;
  defaultSignatureAlgorithm?: string;
  defaultDefaultClientScopes?: string[];
  roles?: { realm?: RoleRepresentation[] };
  groups?: Group[];
  clients?: Client[];
  clientScopes?: ClientScope[];
  scopeMappings?: Array<{ client?: string; clientScope?: string; roles?: string[] }>;
  users?: User[];
  components?: Record<string, Array<{ providerId?: string; config?: Record<string, string[]> }>>;
}

/** The realm file compose mounts into Keycloak's import folder. */
const REALM_FILE = /^\s*-\s*\.\/(\S+\.json):\/opt\/keycloak\/data\/import\//m.exec(COMPOSE)?.[1];
const realm = JSON.parse(fs.readFileSync(path.join(ROOT, REALM_FILE ?? 'docker-compose.yml mounts no realm file'), 'utf8')) as RealmExport;

/**
 * The client scopes Keycloak 26 creates in a realm imported without any (RealmManager.importRealm),
 * reduced to the mappers that write the claims read here. Their other mappers write claims the API
 * does not read (auth_time, allowed-origins, acr, resource_access, …).
 */
const KEYCLOAK_CLIENT_SCOPES: ClientScope[] = [
  { name: 'basic', protocolMappers: [{ protocolMapper: 'oidc-sub-mapper', config: { 'access.token.claim': 'true' } }] },
  {
    name: 'profile',
    protocolMappers: [
      attributeMapper('username', 'preferred_username'),
      attributeMapper('firstName', 'given_name'),
      attributeMapper('lastName', 'family_name'),
    ],
  },
  { name: 'email', protocolMappers: [attributeMapper('email', 'email')] },
  {
    name: 'roles',
    protocolMappers: [
      {
        protocolMapper: 'oidc-usermodel-realm-role-mapper',
        config: { 'claim.name': 'realm_access.roles', multivalued: 'true', 'jsonType.label': 'String', 'access.token.claim': 'true' },
      },
    ],
  },
  { name: 'web-origins' },
  { name: 'acr' },
  { name: 'offline_access' },
];
const KEYCLOAK_DEFAULT_CLIENT_SCOPES = ['basic', 'profile', 'email', 'roles', 'web-origins', 'acr'];
/** Mappers that write only claims the API does not read; any other type this spec cannot evaluate fails it. */
const MAPPERS_OF_NO_CONCERN = new Set([
  'oidc-allowed-origins-mapper',
  'oidc-acr-mapper',
  'oidc-audience-resolve-mapper', // adds the audiences of the user's client roles: never removes one
  'oidc-full-name-mapper',
  'oidc-address-mapper',
  'oidc-usersessionmodel-note-mapper',
]);

function attributeMapper(attribute: string, claimName: string): ProtocolMapper {
  return {
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    config: { 'user.attribute': attribute, 'claim.name': claimName, 'jsonType.label': 'String', 'access.token.claim': 'true' },
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** The client the README's token command names (`client_id=…`): the one a user signs in with. */
function signInClient(): Client {
  const clientId = /client_id=([\w.-]+)/.exec(README)?.[1] ?? fail('README shows no token request with a client_id');
  return realm.clients?.find((c) => c.clientId === clientId) ?? fail(`the realm has no client "${clientId}" (README's client_id)`);
}

/** Every mapper that runs for an access token of `client`: those of its default client scopes, then its own. */
function tokenMappers(client: Client): ProtocolMapper[] {
  const scopes = client.defaultClientScopes ?? realm.defaultDefaultClientScopes ?? KEYCLOAK_DEFAULT_CLIENT_SCOPES;
  const available = realm.clientScopes ?? KEYCLOAK_CLIENT_SCOPES;
  return [
    ...scopes.flatMap(
      (name) => (available.find((s) => s.name === name) ?? fail(`the realm has no client scope "${name}"`)).protocolMappers ?? [],
    ),
    ...(client.protocolMappers ?? []),
  ].filter((m) => m.config?.['access.token.claim'] === 'true');
}

/**
 * The user attributes Keycloak (24 and later) gives protocol mappers: those the user profile
 * declares, or all of them if its unmanaged attribute policy is ENABLED. No user profile in the
 * export: Keycloak's default one, which declares none beyond username, email and the names.
 */
function userProfile(): { attributes: string[]; unmanaged: boolean } {
  const component = realm.components?.['org.keycloak.userprofile.UserProfileProvider']?.[0];
  const raw = component?.config?.['kc.user.profile.config']?.[0];
  if (!raw) return { attributes: ['username', 'email', 'firstName', 'lastName'], unmanaged: false };
  const parsed = JSON.parse(raw) as { attributes?: Array<{ name: string }>; unmanagedAttributePolicy?: string };
  return { attributes: (parsed.attributes ?? []).map((a) => a.name), unmanaged: parsed.unmanagedAttributePolicy === 'ENABLED' };
}

function userAttribute(user: User, name: string): string[] {
  const builtIn: Record<string, string | undefined> = {
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
  };
  if (name in builtIn) return builtIn[name] === undefined ? [] : [builtIn[name] as string];
  const profile = userProfile();
  if (!profile.unmanaged && !profile.attributes.includes(name)) return [];
  return user.attributes?.[name] ?? [];
}

/** The groups of `user` along their paths (`/parent/child`): a subgroup has its parents' roles too. */
function groupsOf(user: User): Group[] {
  return (user.groups ?? []).flatMap((groupPath) => {
    const found: Group[] = [];
    let level = realm.groups ?? [];
    for (const name of groupPath.split('/').filter(Boolean)) {
      const group = level.find((g) => g.name === name) ?? fail(`${user.username} is in "${groupPath}", not a group of the realm`);
      found.push(group);
      level = group.subGroups ?? [];
    }
    return found;
  });
}

/** A user's realm roles, composites expanded, as a client may put them into a token. */
function realmRolesInScope(user: User, client: Client): string[] {
  const defaultRole = `default-roles-${realm.realm.toLowerCase()}`;
  const composites = (name: string) =>
    realm.roles?.realm?.find((r) => r.name === name)?.composites?.realm ??
    (name === defaultRole ? ['offline_access', 'uma_authorization'] : []);
  const expand = (names: string[]): string[] => {
    const seen = new Set<string>();
    const visit = (name: string): void => void (seen.has(name) || (seen.add(name), composites(name).forEach(visit)));
    names.forEach(visit);
    return [...seen];
  };
  const effective = expand([...(user.realmRoles ?? []), ...groupsOf(user).flatMap((g) => g.realmRoles ?? []), defaultRole]);
  if (client.fullScopeAllowed !== false) return effective;
  const scopes = client.defaultClientScopes ?? [];
  const inScope = new Set(
    expand(
      (realm.scopeMappings ?? [])
        .filter((m) => m.client === client.clientId || scopes.includes(m.clientScope ?? ''))
        .flatMap((m) => m.roles ?? []),
    ),
  );
  return effective.filter((r) => inScope.has(r));
}

/** Sets a claim as Keycloak's mappers do: `a.b` nests (`a\.b` does not), lists already there are merged. */
function setClaim(claims: Record<string, unknown>, name: string, value: unknown): void {
  const parts = name.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
  let target = claims;
  for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
  const leaf = parts[parts.length - 1];
  const existing = target[leaf];
  target[leaf] = Array.isArray(existing) && Array.isArray(value) ? [...new Set([...existing, ...value])] : value;
}

function typed(value: string, config: MapperConfig): unknown {
  switch (config['jsonType.label']) {
    case 'boolean':
      return value === 'true';
    case 'long':
    case 'int':
      return Number(value);
    case 'JSON':
      return JSON.parse(value);
    default:
      return value;
  }
}

function mapValues(claims: Record<string, unknown>, config: MapperConfig, values: string[]): void {
  if (!config['claim.name'] || values.length === 0) return;
  const converted = values.map((v) => typed(v, config));
  setClaim(claims, config['claim.name'], config.multivalued === 'true' ? converted : converted[0]);
}

/** The claims of the access token Keycloak issues `user` through `client`, valid from `now` (seconds). */
function accessToken(user: User, client: Client, issuer: string, now: number): JWTPayload {
  const lifespan = Number(client.attributes?.['access.token.lifespan'] ?? realm.accessTokenLifespan ?? 300);
  const claims: Record<string, unknown> = {
    exp: now + lifespan,
    iat: now,
    jti: randomUUID(),
    iss: issuer,
    typ: 'Bearer',
    azp: client.clientId,
  };
  const apiClaims = [...Object.values(oidc().claims), 'aud'].map((name) => name.split('.')[0]);
  /** A mapper this spec cannot evaluate is no concern as long as it writes none of the API's claims. */
  const unmodelled = (mapper: ProtocolMapper, what: string) => {
    if (apiClaims.includes((mapper.config?.['claim.name'] ?? '').split('.')[0])) {
      fail(
        `mapper "${mapper.name}" (${mapper.protocolMapper}): ${what} is not modelled here; teach this spec, or the API's claims go unchecked`,
      );
    }
  };
  for (const mapper of tokenMappers(client)) {
    const config = mapper.config ?? {};
    switch (mapper.protocolMapper) {
      case 'oidc-audience-mapper': {
        const named = config['included.client.audience'];
        const audience = config['included.custom.audience'] || (realm.clients?.some((c) => c.clientId === named) ? named : undefined);
        if (audience) claims.aud = [...new Set([...[claims.aud ?? []].flat(), audience])];
        break;
      }
      case 'oidc-sub-mapper':
        claims.sub = user.id ?? randomUUID(); // Keycloak gives an imported user without an id a new UUID
        break;
      case 'oidc-usermodel-realm-role-mapper': {
        const prefix = config['usermodel.realmRoleMapping.rolePrefix'] ?? '';
        mapValues(
          claims,
          { 'claim.name': 'realm_access.roles', ...config },
          realmRolesInScope(user, client).map((r) => prefix + r),
        );
        break;
      }
      case 'oidc-usermodel-client-role-mapper': {
        const roleClient = config['usermodel.clientRoleMapping.clientId'];
        if (!roleClient || client.fullScopeAllowed === false) {
          unmodelled(mapper, 'the client roles of every client, or of a client without full scope,');
          break;
        }
        const prefix = config['usermodel.clientRoleMapping.rolePrefix'] ?? '';
        const roles = [...(user.clientRoles?.[roleClient] ?? []), ...groupsOf(user).flatMap((g) => g.clientRoles?.[roleClient] ?? [])];
        mapValues(
          claims,
          config,
          [...new Set(roles)].map((r) => prefix + r),
        );
        break;
      }
      case 'oidc-usermodel-attribute-mapper':
        mapValues(claims, config, userAttribute(user, config['user.attribute'] ?? ''));
        break;
      case 'oidc-usermodel-property-mapper': {
        const value = (user as unknown as Record<string, unknown>)[config['user.attribute'] ?? ''];
        mapValues(claims, config, value === undefined ? [] : [String(value)]);
        break;
      }
      case 'oidc-hardcoded-claim-mapper':
        mapValues(claims, config, config['claim.value'] === undefined ? [] : [config['claim.value']]);
        break;
      default:
        if (!MAPPERS_OF_NO_CONCERN.has(mapper.protocolMapper)) {
          fail(`mapper "${mapper.name}" (${mapper.protocolMapper}) is not modelled here`);
        }
        unmodelled(mapper, 'this mapper type');
    }
  }
  return claims;
}

// --- What the API is told by compose -------------------------------------------------------------

const apiEnvironment = composeEnvironment('api');
const config = loadConfig(apiEnvironment, ROOT);
const oidc = (): OidcConfig => config.auth.oidc ?? fail('the api service of docker-compose.yml names no OIDC_ISSUER');
/** What Keycloak writes into `iss`: its KC_HOSTNAME and the realm's name. */
const keycloakIssuer = () =>
  `${composeEnvironment('keycloak').KC_HOSTNAME ?? fail('the keycloak service sets no KC_HOSTNAME')}/realms/${realm.realm}`;

const users = () => (realm.users ?? []).filter((u) => u.enabled === true);
const tokenOf = (user: User) => accessToken(user, signInClient(), keycloakIssuer(), Math.floor(Date.now() / 1000));
const rolesInToken = (user: User): unknown[] => [claim(tokenOf(user), oidc().claims.roles)].flat();
/** The enabled users whose tokens name `role` in the claim the API reads roles from. */
const holdersOf = (role: Role) => users().filter((u) => rolesInToken(u).includes(role));
/** The mapper that writes the claim the API reads a unit user's unit from. */
const unitMapper = () => tokenMappers(signInClient()).find((m) => m.config?.['claim.name'] === oidc().claims.unit);
/** The unit a unit user is given in the realm: the user attribute that mapper reads. */
const unitAttributeOf = (user: User) => user.attributes?.[unitMapper()?.config?.['user.attribute'] ?? '']?.[0];

describe('the Keycloak realm of docker compose, as the API reads its tokens', () => {
  it('is the realm OIDC_ISSUER names, at the address Keycloak stamps into its tokens, with its keys where OIDC_JWKS_URL says', () => {
    expect(realm).toMatchObject({ realm: expect.any(String), enabled: true });
    expect(keycloakIssuer()).toBe(oidc().issuer);
    expect(new URL(oidc().jwksUrl ?? fail('compose sets no OIDC_JWKS_URL')).pathname).toBe(
      `/realms/${realm.realm}/protocol/openid-connect/certs`,
    );
  });

  it('has the client the README fetches tokens from: enabled, public, with the password grant', () => {
    expect(signInClient()).toMatchObject({ enabled: true, publicClient: true, directAccessGrantsEnabled: true });
  });

  it("puts OIDC_AUDIENCE into the aud of that client's access tokens", () => {
    const audiences = tokenMappers(signInClient())
      .filter((m) => m.protocolMapper === 'oidc-audience-mapper')
      .map((m) => m.config?.['included.custom.audience'] || m.config?.['included.client.audience']);
    expect(audiences).toContain(oidc().audience);
    for (const user of users()) expect([tokenOf(user).aud].flat()).toContain(oidc().audience);
  });

  it.each([...ROLES])(
    'has someone to sign in as %s: an enabled user, password = user name, holding the role in the claim the API reads',
    (role) => {
      const holders = holdersOf(role);
      expect(holders.map((u) => u.username)).not.toEqual([]);
      for (const user of holders) {
        expect(user.credentials?.filter((c) => c.type === 'password')).toEqual([expect.objectContaining({ value: user.username })]);
        expect(user.credentials?.some((c) => c.temporary === true)).toBe(false);
        expect(user.requiredActions ?? []).toEqual([]);
      }
    },
  );

  it("gives each unit user's unit, one the stack registers, to the claim the API reads the unit from", () => {
    const mapper = unitMapper();
    expect(mapper).toMatchObject({ protocolMapper: 'oidc-usermodel-attribute-mapper', config: { 'user.attribute': expect.any(String) } });
    const profile = userProfile();
    expect(profile.unmanaged || profile.attributes.includes(mapper?.config?.['user.attribute'] ?? '')).toBe(true);
    const seed = JSON.parse(fs.readFileSync(config.unitsSeedFile ?? fail('compose turns unit seeding off'), 'utf8')) as {
      units: Array<{ id: string }>;
    };
    const holders = holdersOf('unit');
    expect(holders).not.toEqual([]);
    for (const user of holders) {
      const unitId = unitAttributeOf(user);
      expect(seed.units.map((u) => u.id)).toContain(unitId);
      expect(claim(tokenOf(user), oidc().claims.unit)).toBe(unitId);
    }
  });

  describe("a token Keycloak would issue through the README's client", () => {
    let jwks: Server;
    let verifier: TokenVerifier;
    let sign: (claims: JWTPayload) => Promise<string>;

    beforeAll(async () => {
      // Keycloak signs with the realm's default algorithm (RS256 unless the export says otherwise).
      const alg = signInClient().attributes?.['access.token.signed.response.alg'] ?? realm.defaultSignatureAlgorithm ?? 'RS256';
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const kid = randomUUID();
      const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }] });
      sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid }).sign(privateKey);
      // The realm's JWKS on 127.0.0.1 stands in for compose's keycloak:8080; everything else is compose's.
      jwks = createServer((_, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}${new URL(oidc().jwksUrl ?? '').pathname}`;
      const runtime = { ...config, auth: { ...config.auth, oidc: { ...oidc(), jwksUrl } } } as RuntimeConfig;
      verifier = await (tokenVerifierProvider() as FactoryProvider<TokenVerifier>).useFactory(runtime);
    });
    afterAll(() => new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve())));

    it.each([...ROLES])('to the %s user is accepted by the API as that user, with that role and unit', async (role) => {
      const holders = holdersOf(role);
      expect(holders).not.toEqual([]);
      for (const user of holders) {
        const unitId = role === 'unit' ? unitAttributeOf(user) : null;
        await expect(verifier.verify(await sign(tokenOf(user)))).resolves.toEqual({ actorId: user.username, role, unitId });
      }
    });
  });
});
