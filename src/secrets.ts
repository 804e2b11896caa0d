import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SEALED = 'sealed:v1:';

/**
 * The key that keeps secrets out of the database in usable form: the session secret is derived from it,
 * and forge web-hook keys are stored encrypted with it (AES-256-GCM). It comes from SECRET_KEY, else from
 * a file beside the database created on first start (mode 0600), so a copy of the database file alone
 * signs nobody in and verifies no delivery.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = createHmac('sha256', key).update('devsprint secret box').digest();
  }

  /** SECRET_KEY when set; otherwise `devsprint.key` in the database's folder, made once. */
  static load(secretKey: string | null, databasePath: string): SecretBox {
    if (secretKey) return new SecretBox(Buffer.from(secretKey, 'utf8'));
    const file = keyFileFor(databasePath);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // `wx`: two processes starting at once keep the first one's key.
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    chmodSync(file, 0o600);
    return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8'));
  }

  /** A secret for one purpose (the cookie-signing secret), the same on every start. */
  derive(purpose: string): string {
    return createHmac('sha256', this.#key).update(`derive:${purpose}`).digest('base64url');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /**
   * The plain text of a sealed value; null when it was sealed with another key or altered. A value
   * stored before sealing existed is taken as it is (the server seals those at its next start).
   */
  open(stored: string): string | null {
    if (!isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(SEALED.length), 'base64url');
    if (raw.length < 28) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED);
}

export function keyFileFor(databasePath: string): string {
  return join(dirname(databasePath), 'devsprint.key');
}
