import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SecretBox } from "./secret-box.js";

/**
 * Reads the key of the secret box: from `configured` (base64 of 32 bytes)
 * when set, otherwise from `keyFile`, created with a new random key on first
 * use so that the embedded defaults need no setup.
 */
export function loadSecretBox(
  configured: string | undefined,
  keyFile: string,
): { box: SecretBox; source: "configuration" | "generated" | "file" } {
  if (configured)
    return {
      box: new SecretBox(decodeKey(configured, "SECRET_KEY")),
      source: "configuration",
    };
  if (existsSync(keyFile)) {
    return {
      box: new SecretBox(decodeKey(readFileSync(keyFile, "utf8"), keyFile)),
      source: "file",
    };
  }
  mkdirSync(dirname(keyFile), { recursive: true });
  const key = SecretBox.generateKey();
  writeFileSync(keyFile, `${key.toString("base64")}\n`, {
    mode: 0o600,
    flag: "wx",
  });
  return { box: new SecretBox(key), source: "generated" };
}

function decodeKey(raw: string, origin: string): Buffer {
  const key = Buffer.from(raw.trim(), "base64");
  if (key.length !== 32) {
    throw new Error(
      `${origin} must hold a base64-encoded 32-byte key, such as the output of "openssl rand -base64 32"; it decodes to ${key.length} bytes.`,
    );
  }
  return key;
}
