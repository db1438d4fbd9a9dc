/**
 * Scrubs credentials from a text that leaves the process (a delivery error
 * shown at every station, a stored `last_error`, a log line): the known
 * tokens by value, and by shape `Bearer …`, `access_token=…` (and other
 * token/secret/signature parameters, in query strings or JSON), and the
 * user:password part of URLs.
 */
export function redactSecrets(text: string, known: readonly (string | undefined | null)[] = []): string {
  let out = text;
  for (const secret of known) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out
    .replace(/\b(bearer|basic|oauth)\s+[^\s"',;]+/gi, '$1 [redacted]')
    .replace(
      /((?:access[_-]?token|token|secret|client[_-]?secret|app[_-]?secret|appsecret[_-]?proof|password|signature|sig|key|api[_-]?key)"?\s*[=:]\s*"?)[^\s"'&,;}]+/gi,
      '$1[redacted]',
    )
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi, '$1[redacted]@');
}
