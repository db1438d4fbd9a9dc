/**
 * Whether a URL belongs to the app's own renderer: same scheme and host as
 * the URL the window loads. (`URL.origin` is "null" for custom schemes like
 * `app:`, so scheme and host are compared directly.)
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const candidate = new URL(url);
    const own = new URL(appUrl);
    return candidate.protocol === own.protocol && candidate.host === own.host && candidate.username === '' && candidate.password === '';
  } catch {
    // Not a URL at all: certainly not ours.
    return false;
  }
}
