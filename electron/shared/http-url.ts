/** The one rule for links that may leave the app for the user's browser: parsed with `new URL`, http(s) only, never a file or custom scheme. */

/** The normalised URL when it is http(s), else null. */
export function httpUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}
