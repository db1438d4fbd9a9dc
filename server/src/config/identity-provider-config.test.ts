import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

const PEM = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----';
const base = { JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'sqlite::memory:' };

describe('identity-provider bindings (JWT_PUBLIC_KEY)', () => {
  it('refuses to start with a provider key but no issuer, audience or tenants, naming them', () => {
    expect(() => loadConfig({ ...base, JWT_PUBLIC_KEY: PEM })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, JWT_PUBLIC_KEY: PEM })).toThrow(
      /JWT_ISSUER, JWT_AUDIENCE, JWT_IDP_TENANTS required when JWT_PUBLIC_KEY/,
    );
    expect(() => loadConfig({ ...base, JWT_PUBLIC_KEY: PEM, JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'plantao' })).toThrow(
      /JWT_IDP_TENANTS/,
    );
  });

  it('parses tenants and roles; nurse only by default; unknown roles refused', () => {
    const env = { ...base, JWT_PUBLIC_KEY: PEM, JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'plantao', JWT_IDP_TENANTS: 'h-1, h-2' };
    expect(loadConfig(env)).toMatchObject({ jwtIdpTenants: ['h-1', 'h-2'], jwtIdpRoles: ['nurse'], jwtMaxLifetimeSeconds: 43_200 });
    expect(loadConfig({ ...env, JWT_IDP_ROLES: 'nurse,agent' }).jwtIdpRoles).toEqual(['nurse', 'agent']);
    expect(() => loadConfig({ ...env, JWT_IDP_ROLES: 'nurse,superuser' })).toThrow(/JWT_IDP_ROLES: unknown role "superuser"/);
  });

  it('has sign-in throttling on by default', () => {
    expect(loadConfig(base)).toMatchObject({ loginMaxFailuresPerAccount: 10, loginMaxFailuresPerAddress: 50, loginBlockSeconds: 300 });
  });
});
