/** The app bar: product name, what is open, and the theme switch. */
import {
  Button, makeStyles, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger, Text, tokens,
} from '@fluentui/react-components';
import { DatabaseArrowUp20Regular, DarkTheme20Regular } from '@fluentui/react-icons';
import type { Settings } from '../../../electron/contract';
import { useReplay } from '../stores/replay-store';
import { useRestoreSet } from '../stores/restore-set-store';
import { useSettings } from '../stores/settings-store';

const useStyles = makeStyles({
  bar: {
    gridArea: 'header', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalL}`, height: '48px',
    backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand,
  },
  name: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  context: { flexGrow: 1, opacity: 0.85, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  button: { color: tokens.colorNeutralForegroundOnBrand },
});

const THEMES: Array<{ value: Settings['theme']; label: string }> = [
  { value: 'system', label: 'Follow system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The header shown on every screen. */
export function AppHeader() {
  const s = useStyles();
  // After a reload only the reattached run knows its set.
  const openFolder = useRestoreSet((st) => st.view?.folder);
  const runFolder = useReplay((st) => st.plan?.source.folder);
  const folder = openFolder ?? runFolder;
  const theme = useSettings((st) => st.settings?.theme ?? 'system');
  const update = useSettings((st) => st.update);
  return (
    <header className={s.bar}>
      <DatabaseArrowUp20Regular aria-hidden />
      <Text as="span" className={s.name}>PG Flex Restore</Text>
      <Text as="span" size={200} className={s.context} title={folder}>{folder ? `· ${folder}` : '· Replay Azure Flexible Server backups into PostgreSQL'}</Text>
      <Menu checkedValues={{ theme: [theme] }} onCheckedValueChange={(_, d) => void update({ theme: d.checkedItems[0] as Settings['theme'] })}>
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="transparent" className={s.button} icon={<DarkTheme20Regular />} aria-label="Theme">Theme</Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {THEMES.map((t) => <MenuItemRadio key={t.value} name="theme" value={t.value}>{t.label}</MenuItemRadio>)}
          </MenuList>
        </MenuPopover>
      </Menu>
    </header>
  );
}
