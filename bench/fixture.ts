import type { ControlPlaneServer } from "../test/support/control-plane-server.js";

export const TEAM = "bench-team";
export const ADMIN_EMAIL = "bench-admin@example.com";

/** The two permission sets each write alternates between. */
export const PERMISSION_SETS = [
  ["view", "deploy"],
  ["view", "operate"],
] as const;

export interface Fixture {
  adminToken: string;
  /** One app per connection, with one collaborator each. */
  apps: { name: string; collaborator: string }[];
}

/**
 * Creates the admin account and team with the operator CLI, then through the
 * API the collaborator accounts' memberships, one app per connection and one
 * collaborator on each app holding the first permission set.
 */
export async function createFixture(
  server: ControlPlaneServer,
  appCount: number,
  collaboratorCount: number,
): Promise<Fixture> {
  const adminToken = await server.createAccount(ADMIN_EMAIL);
  await server.admin("teams:create", TEAM, "--admin", ADMIN_EMAIL);

  const collaborators: string[] = [];
  for (let i = 0; i < collaboratorCount; i += 1) {
    const email = `bench-member-${i}@example.com`;
    await server.createAccount(email);
    await expectOk(
      server.request("PUT", `/teams/${TEAM}/members`, adminToken, {
        email,
        role: "member",
      }),
      `add ${email} to ${TEAM}`,
    );
    collaborators.push(email);
  }

  const apps: Fixture["apps"] = [];
  for (let i = 0; i < appCount; i += 1) {
    const name = `bench-app-${i}`;
    const collaborator = collaborators[i % collaborators.length]!;
    await expectOk(
      server.request("POST", "/teams/apps", adminToken, { name, team: TEAM }),
      `create ${name}`,
    );
    await expectOk(
      server.request("POST", `/teams/apps/${name}/collaborators`, adminToken, {
        user: collaborator,
        permissions: [...PERMISSION_SETS[0]],
      }),
      `add ${collaborator} to ${name}`,
    );
    apps.push({ name, collaborator });
  }
  return { adminToken, apps };
}

/** Returns the index in {@link PERMISSION_SETS} of the set that the app's collaborator has now. */
export async function currentPermissionSet(
  server: ControlPlaneServer,
  token: string,
  app: { name: string; collaborator: string },
): Promise<number> {
  const response = await expectOk(
    server.request("GET", `/teams/apps/${app.name}/collaborators`, token),
    `list the collaborators of ${app.name}`,
  );
  const rows = (await response.json()) as {
    user: { email: string };
    permissions: { name: string }[];
  }[];
  const row = rows.find(
    (candidate) => candidate.user.email === app.collaborator,
  );
  if (!row)
    throw new Error(
      `${app.collaborator} not found among the collaborators of ${app.name}`,
    );
  const granted = row.permissions.map((permission) => permission.name).sort();
  const index = PERMISSION_SETS.findIndex(
    (set) => [...set].sort().join() === granted.join(),
  );
  if (index < 0)
    throw new Error(
      `${app.collaborator} has ${granted.join(",")} on ${app.name}, which is neither benchmark permission set`,
    );
  return index;
}

async function expectOk(
  pending: Promise<Response>,
  step: string,
): Promise<Response> {
  const response = await pending;
  if (!response.ok)
    throw new Error(
      `Setup step failed (${step}): ${response.status} ${await response.text()}`,
    );
  return response;
}
