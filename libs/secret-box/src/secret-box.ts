import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
} from "node:crypto";
import type { EncryptedSecret } from "../../domain/src/index.js";

const KEY_BYTES = 32;
const IV_BYTES = 12;

/** The secret could not be decrypted: another key, or the stored bytes were altered. */
export class SecretDecryptionError extends Error {
  constructor(keyId: string) {
    super(
      `The secret encrypted under key ${keyId} cannot be decrypted with the configured key.`,
    );
    this.name = "SecretDecryptionError";
  }
}

/**
 * Encrypts secrets, such as certificates' private keys, with AES-256-GCM
 * before they are stored. The key id is a short hash of the key, so a
 * stored secret names the key that can open it without revealing it.
 */
export class SecretBox {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `A secret box key has ${KEY_BYTES} bytes; this one has ${key.length}.`,
      );
    }
    this.keyId = createHash("sha256").update(key).digest("hex").slice(0, 16);
  }

  static generateKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  /** `context` is bound to the ciphertext: decrypting needs the same value. */
  encrypt(plaintext: string, context: string): EncryptedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, "utf8"),
      cipher.final(),
    ]);
    return {
      algorithm: "aes-256-gcm",
      keyId: this.keyId,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      ciphertext: ciphertext.toString("base64"),
    };
  }

  decrypt(secret: EncryptedSecret, context: string): string {
    if (secret.keyId !== this.keyId)
      throw new SecretDecryptionError(secret.keyId);
    try {
      const decipher = createDecipheriv(
        "aes-256-gcm",
        this.key,
        Buffer.from(secret.iv, "base64"),
      );
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(secret.tag, "base64"));
      return Buffer.concat([
        decipher.update(Buffer.from(secret.ciphertext, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw new SecretDecryptionError(secret.keyId);
    }
  }
}
