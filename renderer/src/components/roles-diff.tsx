/** The roles file next to its Flexible-safe version: each removed or changed line with the reason. */
import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { RolesPreview } from '../../../electron/contract';
import type { Loadable } from '../stores/restore-set-store';
import { CopyButton } from './copy-button';
import { ProblemBar } from './problem-bar';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyleType: 'none', maxHeight: '420px', overflow: 'auto' },
  change: { borderLeft: `3px solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalM },
  line: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, padding: `1px ${tokens.spacingHorizontalS}` },
  del: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1 },
  add: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1 },
  reason: { color: tokens.colorNeutralForeground3 },
  full: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre', overflow: 'auto', maxHeight: '420px',
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM, margin: 0,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** The diff panel. */
export function RolesDiff({ data }: { data: Loadable<RolesPreview> }) {
  const s = useStyles();
  const [full, setFull] = useState(false);
  if (data.status === 'loading') return <Spinner size="tiny" label="Making the roles Flexible-safe…" />;
  if (data.status === 'error') return <ProblemBar problem={data.problem} />;
  const p = data.value;
  return (
    <>
      <Text>
        {p.removed.length === 0
          ? 'Nothing needs changing: this roles file replays as is.'
          : `${p.removed.length} line${p.removed.length === 1 ? '' : 's'} changed or removed so a Flexible Server admin (not a superuser) can replay them. Memberships keep working: only their GRANTED BY clause goes.`}
      </Text>
      <ul className={s.list} aria-label="Changes to the roles file">
        {p.removed.map((r) => (
          <li key={`${r.line}-${r.original}`} className={s.change}>
            <pre className={`${s.line} ${s.del}`}>- {r.line}: {r.original}</pre>
            {r.replacement !== null && <pre className={`${s.line} ${s.add}`}>+ {r.line}: {r.replacement}</pre>}
            <Text size={200} className={s.reason}>{r.reason}</Text>
          </li>
        ))}
      </ul>
      <div className={s.actions}>
        <Button size="small" onClick={() => setFull(!full)} aria-expanded={full}>{full ? 'Hide the file that will run' : 'Show the file that will run'}</Button>
        <CopyButton text={p.transformed} label="Copy the Flexible-safe roles SQL">Copy SQL</CopyButton>
      </div>
      {full && <pre className={s.full} tabIndex={0} aria-label="Flexible-safe roles SQL (read-only)">{p.transformed}</pre>}
    </>
  );
}
