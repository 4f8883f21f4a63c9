import { waitFor } from "../support/wait-for.js";

describe("waitFor", () => {
  it("resolves once the condition holds", async () => {
    let checks = 0;
    await waitFor(() => ++checks >= 3, {
      description: "three checks",
      intervalMs: 1,
    });
    expect(checks).toBe(3);
  });

  it("awaits async conditions", async () => {
    let checks = 0;
    await waitFor(async () => ++checks >= 2, {
      description: "two checks",
      intervalMs: 1,
    });
    expect(checks).toBe(2);
  });

  it("names the description on timeout", async () => {
    await expect(
      waitFor(() => false, {
        description: "the impossible",
        timeoutMs: 30,
        intervalMs: 5,
      }),
    ).rejects.toThrow("Timed out after 30 ms waiting for the impossible");
  });

  it("reports the last thrown error", async () => {
    const failing = () => {
      throw new Error("boom");
    };
    await expect(
      waitFor(failing, {
        description: "a failing check",
        timeoutMs: 30,
        intervalMs: 5,
      }),
    ).rejects.toThrow("last check threw: Error: boom");
  });

  it("abandons a check that never settles", async () => {
    const never = () => new Promise<boolean>(() => undefined);
    await expect(
      waitFor(never, { description: "a pending check", timeoutMs: 30 }),
    ).rejects.toThrow("waiting for a pending check");
  });
});
