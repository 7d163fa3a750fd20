/** Which links may leave the app for the user's browser: http(s) only, parsed, never a file or custom scheme. */

/** The URL to open externally, or null when it must not be opened. */
export function externalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}
