import { safeStorage } from 'electron';
import type { CoreLogger } from '../core/logger';
import type { PersistedStation, StationStorage } from '../core/storage';

/**
 * The station's saved state with its refresh token encrypted by the OS
 * (Electron `safeStorage`: DPAPI on Windows, Keychain on macOS, libsecret or
 * KWallet on Linux), so a copy of the state file is not a session. The rest
 * of the file (alerts, `lastSeq`) stays plain JSON in the user's data folder.
 *
 * Where the OS offers no key store (Linux without a keyring, where Electron
 * falls back to a fixed password), the token stays plaintext and a warning is
 * logged once: the station keeps working rather than losing its session.
 * A token that cannot be decrypted (another user, a reset keyring) is
 * dropped: the nurse signs in again; nothing else is lost.
 */
export const ENCRYPTED_TOKEN_PREFIX = 'safeStorage:v1:';

/** The slice of Electron's `safeStorage` used here. */
export type SafeStorage = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<typeof safeStorage, 'getSelectedStorageBackend'>>;

export interface SecretStorageOptions {
  logger: CoreLogger;
  safeStorage?: SafeStorage;
  platform?: NodeJS.Platform;
}

export function createSecretStorage(inner: StationStorage, options: SecretStorageOptions): StationStorage {
  const crypto = options.safeStorage ?? safeStorage;
  const platform = options.platform ?? process.platform;
  const log = options.logger;
  let warned = false;

  const available = (): boolean => {
    if (!crypto.isEncryptionAvailable()) return false;
    // On Linux without a keyring Electron "encrypts" with a hard-coded password: not a secret.
    return !(platform === 'linux' && crypto.getSelectedStorageBackend?.() === 'basic_text');
  };

  const encrypt = (token: string): string => {
    if (available()) return ENCRYPTED_TOKEN_PREFIX + crypto.encryptString(token).toString('base64');
    if (!warned) {
      warned = true;
      log.warn('OS key store unavailable: the refresh token is saved unencrypted (install/unlock a keyring such as gnome-keyring)');
    }
    return token;
  };

  const decrypt = (token: string): string | undefined => {
    if (!token.startsWith(ENCRYPTED_TOKEN_PREFIX)) return token;
    if (!crypto.isEncryptionAvailable()) {
      log.warn('saved refresh token is encrypted but the OS key store is unavailable; signing in again');
      return undefined;
    }
    try {
      return crypto.decryptString(Buffer.from(token.slice(ENCRYPTED_TOKEN_PREFIX.length), 'base64'));
    } catch (error) {
      log.warn('saved refresh token cannot be decrypted; signing in again', {
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  };

  return {
    async load() {
      const raw = await inner.load();
      const session = sessionOf(raw);
      if (session === undefined) return raw;
      const refreshToken = decrypt(session.refreshToken);
      const data = { ...(raw as Record<string, unknown>) };
      if (refreshToken === undefined || refreshToken === '') delete data.session;
      else data.session = { ...session, refreshToken };
      return data;
    },
    save(data: PersistedStation) {
      if (data.session === undefined) return inner.save(data);
      return inner.save({ ...data, session: { ...data.session, refreshToken: encrypt(data.session.refreshToken) } });
    },
    clear: () => inner.clear(),
  };
}

function sessionOf(raw: unknown): { refreshToken: string } | undefined {
  if (typeof raw !== 'object' || raw === null || !('session' in raw)) return undefined;
  const { session } = raw as { session: unknown };
  if (typeof session !== 'object' || session === null || !('refreshToken' in session)) return undefined;
  const { refreshToken } = session as { refreshToken: unknown };
  return typeof refreshToken === 'string' ? (session as { refreshToken: string }) : undefined;
}
