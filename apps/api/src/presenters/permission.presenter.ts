const DESCRIPTIONS: Record<string, string> = {
  deploy: "Create releases, read and change config vars and run one-off dynos.",
  manage:
    "Rename and destroy the app, and manage its collaborators, domains and certificates.",
  operate: "Scale and restart dynos and toggle maintenance mode.",
  view: "See the app, its formation, dynos, releases, domains and collaborators.",
  create_apps: "Create apps in the space.",
};

export function presentPermission(name: string): {
  name: string;
  description: string;
} {
  return { name, description: DESCRIPTIONS[name] ?? name };
}
