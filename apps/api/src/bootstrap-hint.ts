import { redactConnectionString } from "../../../libs/event-store/src/index.js";
import type { AppConfig } from "./config/app-config.js";

/**
 * Builds the start-up message of a server without accounts: the operator CLI
 * commands to run, with the variables that point them at this server's
 * stores, then the Heroku CLI settings. `dataDirSet` is true when DATA_DIR
 * came from the environment. Otherwise the hint omits DATA_DIR, because the
 * operator CLI uses the same default folder.
 */
export function bootstrapHint(
  config: Pick<AppConfig, "dataDir" | "eventStoreUrl" | "host" | "port">,
  dataDirSet: boolean,
): string {
  const variables: string[] = [];
  if (config.eventStoreUrl !== null) {
    // Credentials never go into a log, so placeholders stand in for them.
    const redacted = redactConnectionString(config.eventStoreUrl);
    const url =
      redacted === config.eventStoreUrl
        ? redacted
        : redacted.replace("//", "//USER:PASSWORD@");
    variables.push(`EVENT_STORE_URL='${url}'`);
  }
  if (dataDirSet) variables.push(`DATA_DIR=${config.dataDir}`);
  const prefix = variables.map((variable) => `${variable} `).join("");
  const api = `http://${config.host}:${config.port}`;
  return (
    `No accounts yet. Bootstrap with: ${prefix}npm run admin -- accounts:create you@example.com ` +
    `(prints an API token), then ${prefix}npm run admin -- teams:create my-team --admin you@example.com, ` +
    `then run the Heroku CLI with HEROKU_HOST=${api} ` +
    `HEROKU_PARTICLEBOARD_URL=${api} HEROKU_API_KEY=<token>.`
  );
}
