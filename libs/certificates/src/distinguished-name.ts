/**
 * Renders a name as Node's `X509Certificate` returns it (`C=US\nO=Example\nCN=…`,
 * one attribute per line, with `\,` style escapes) in OpenSSL's one-line
 * compat form, `/C=US/O=Example/CN=…`, which the Heroku CLI prints.
 */
export function formatDistinguishedName(nodeName: string): string {
  const attributes = nodeName
    .split("\n")
    .filter((line) => line !== "")
    .map(unescapeValue);
  return attributes.map((attribute) => `/${attribute}`).join("");
}

/** Returns the value of the last `CN` attribute of a name in Node's form, if any. */
export function commonNameOf(nodeName: string): string | null {
  const lines = nodeName.split("\n").filter((line) => line.startsWith("CN="));
  const last = lines.at(-1);
  return last === undefined ? null : unescapeValue(last.slice(3));
}

function unescapeValue(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}
