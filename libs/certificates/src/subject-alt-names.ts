/**
 * Extracts the DNS names from Node's `subjectAltName` text, for example
 * `DNS:www.example.com, DNS:*.example.com, IP Address:10.0.0.1`. Node 20
 * writes a value that contains a comma as a JSON string
 * (`DNS:"a\u002cb"`), so such values are decoded instead of split.
 */
export function dnsNamesOf(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  const names: string[] = [];
  const entry = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const match of subjectAltName.matchAll(entry)) {
    const [, type, raw = ""] = match;
    if (type !== "DNS") continue;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (value !== "" && !names.includes(value)) names.push(value);
  }
  return names;
}
