import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id via @node-rs/argon2: maintained, prebuilt for every platform we
 * ship (no node-gyp on hospital build agents), OWASP-recommended algorithm.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a 500.
    return false;
  }
}

/** Verified against when the email is unknown, so timing does not reveal which emails exist. */
export const DUMMY_HASH_PROMISE = hash('plantao-timing-equaliser');
