/**
 * Globals the Electron Forge Vite plugin defines at build time (see vite.main.config.ts): the
 * renderer's dev-server URL under `npm start`, and the renderer's build folder name.
 */
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;
