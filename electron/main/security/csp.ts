/**
 * The renderer's Content Security Policy, sent as a response header by the app protocol (the
 * renderer's index.html carries the same policy as a meta tag). Scripts only from the app itself,
 * no inline script, no eval, no plugins, no framing; the page talks to nothing but itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts style rules at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
