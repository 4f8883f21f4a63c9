import { randomBytes, randomUUID } from "node:crypto";

/** Time and randomness for command handlers; the domain takes both as inputs. */
export class Clock {
  now(): Date {
    return new Date();
  }

  nowIso(): string {
    return this.now().toISOString();
  }
}

export class IdGenerator {
  uuid(): string {
    return randomUUID();
  }

  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string {
    return randomBytes(bytes).toString("hex");
  }
}
