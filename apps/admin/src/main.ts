import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import { DomainError } from "../../../libs/domain/src/index.js";
import { redactConnectionString } from "../../../libs/event-store/src/index.js";
import { loadConfig } from "../../api/src/config/app-config.js";
import { JsonLogger } from "../../api/src/infrastructure/json-logger.js";
import { ReadModelsService } from "../../api/src/infrastructure/read-models.service.js";
import { AdminModule } from "./admin.module.js";
import { AccountCommands } from "./commands/account-commands.js";
import { TeamCommands } from "./commands/team-commands.js";
import { type CommandOutput, UsageError } from "./operator.js";

const USAGE = `Usage: npm run admin -- <command>

Commands:
  accounts:create EMAIL              create an account; prints its API token on the last line
  accounts:list                      list accounts
  tokens:create EMAIL [--description TEXT]
                                     issue another API token; prints it on the last line
  tokens:list EMAIL                  list an account's tokens (ids, never the secrets)
  tokens:revoke TOKEN_ID             revoke a token; the next request with it gets 401
  teams:create TEAM --admin EMAIL    create a team with its first admin

The commands use the event store that EVENT_STORE_URL selects (default the SQLite log
under DATA_DIR, default ./data) and work while the server runs.`;

type Handlers = { accounts: AccountCommands; teams: TeamCommands };

function run(args: string[], handlers: Handlers): Promise<CommandOutput> {
  const [command, ...rest] = args;
  const positional = rest.filter(
    (arg, index) => !arg.startsWith("--") && !rest[index - 1]?.startsWith("--"),
  );
  const flag = (name: string): string | undefined => {
    const index = rest.indexOf(`--${name}`);
    return index >= 0 ? rest[index + 1] : undefined;
  };
  const requireArg = (value: string | undefined, what: string): string => {
    if (!value)
      throw new UsageError(`Missing ${what} for ${command}.\n\n${USAGE}`);
    return value;
  };

  switch (command) {
    case "accounts:create":
      return handlers.accounts.createAccount(
        requireArg(positional[0], "EMAIL"),
      );
    case "accounts:list":
      return handlers.accounts.listAccounts();
    case "tokens:create":
      return handlers.accounts.createToken(
        requireArg(positional[0], "EMAIL"),
        flag("description") ?? "created by an operator",
      );
    case "tokens:list":
      return handlers.accounts.listTokens(requireArg(positional[0], "EMAIL"));
    case "tokens:revoke":
      return handlers.accounts.revokeToken(
        requireArg(positional[0], "TOKEN_ID"),
      );
    case "teams:create":
      return handlers.teams.createTeam(
        requireArg(positional[0], "TEAM"),
        requireArg(flag("admin"), "--admin EMAIL"),
      );
    default:
      throw new UsageError(
        command ? `Unknown command ${command}.\n\n${USAGE}` : USAGE,
      );
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === "help" || args.includes("--help")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The server's projector owns the read-model file; the operator CLI
  // rebuilds its own copy in memory so that the two never write the same rows.
  process.env.READ_MODELS_PATH = ":memory:";
  const config = loadConfig();
  const eventStoreNote =
    config.eventStoreUrl === null
      ? ""
      : `the KurrentDB event store at ${redactConnectionString(config.eventStoreUrl)} (EVENT_STORE_URL) and `;
  process.stderr.write(
    `Using ${eventStoreNote}the stores under ${config.dataDir} (DATA_DIR).\n`,
  );
  const app = await NestFactory.createApplicationContext(AdminModule, {
    logger: new JsonLogger(
      config.logLevel === "log" ? "warn" : config.logLevel,
      process.stderr,
    ),
  });
  try {
    const readModels = app.get(ReadModelsService);
    await readModels.start();
    await readModels.catchUp();
    const output = await run(args, {
      accounts: app.get(AccountCommands),
      teams: app.get(TeamCommands),
    });
    process.stdout.write(`${output.join("\n")}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DomainError) {
      process.stderr.write(`Error: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
