/** Builds the default domain of an app: `<name>-<identifier>.herokuapp.com`. */
export function defaultDomainOf(name: string, identifier: string): string {
  return `${name}-${identifier}.herokuapp.com`;
}
