/** Which links may leave the app for the user's browser: http(s) only, parsed, never a file or custom scheme. */

import { httpUrl } from '../../shared/http-url';

/** The URL to open externally, or null when it must not be opened. */
export const externalUrl: (raw: string) => string | null = httpUrl;
