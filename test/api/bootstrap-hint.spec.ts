import { bootstrapHint } from "../../apps/api/src/bootstrap-hint.js";

const BASE = {
  dataDir: "/srv/data",
  eventStoreUrl: null,
  host: "127.0.0.1",
  port: 5000,
};

describe("bootstrap hint", () => {
  it("default data folder: bare commands", () => {
    const hint = bootstrapHint(BASE, false);

    expect(hint).toContain(
      "Bootstrap with: npm run admin -- accounts:create you@example.com",
    );
    expect(hint).toContain(
      "HEROKU_HOST=http://127.0.0.1:5000 HEROKU_PARTICLEBOARD_URL=http://127.0.0.1:5000",
    );
  });

  it("DATA_DIR set: names the folder", () => {
    const hint = bootstrapHint(BASE, true);

    expect(hint).toContain(
      "then DATA_DIR=/srv/data npm run admin -- teams:create my-team",
    );
  });

  it("EVENT_STORE_URL set: names the store", () => {
    const url = "kurrentdb://127.0.0.1:2113?tls=false&discoveryInterval=1";
    const hint = bootstrapHint({ ...BASE, eventStoreUrl: url }, true);

    expect(hint).toContain(
      `Bootstrap with: EVENT_STORE_URL='${url}' DATA_DIR=/srv/data npm run admin -- accounts:create`,
    );
    expect(hint).toContain(
      `then EVENT_STORE_URL='${url}' DATA_DIR=/srv/data npm run admin -- teams:create`,
    );
  });

  it("EVENT_STORE_URL credentials: placeholders only", () => {
    const hint = bootstrapHint(
      {
        ...BASE,
        eventStoreUrl: "kurrentdb://admin:changeit@db.internal:2113?tls=true",
      },
      false,
    );

    expect(hint).toContain(
      "EVENT_STORE_URL='kurrentdb://USER:PASSWORD@db.internal:2113?tls=true' npm run admin",
    );
    expect(hint).not.toContain("changeit");
  });
});
