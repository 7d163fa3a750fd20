/** The Fluent theme the settings ask for, following the system's light/dark choice when set to "system". */
import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useSettings } from '../stores/settings-store';

const query = '(prefers-color-scheme: dark)';

/** Light or dark Fluent theme, re-evaluated when the setting or the system preference changes. */
export function useAppTheme(): { theme: Theme; dark: boolean } {
  const choice = useSettings((s) => s.settings?.theme ?? 'system');
  const [systemDark, setSystemDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(query);
    if (!media) return;
    const onChange = (e: MediaQueryListEvent): void => setSystemDark(e.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  const dark = choice === 'dark' || (choice === 'system' && systemDark);
  return { theme: dark ? webDarkTheme : webLightTheme, dark };
}
