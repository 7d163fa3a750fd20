/** Pre-flight results as a checklist: each item's verdict, detail, and the fix when it is not fine. */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Filled, Warning20Filled } from '@fluentui/react-icons';
import type { PreflightCheck } from '../../../electron/contract';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'grid', gridTemplateColumns: '24px 1fr', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  body: { display: 'flex', flexDirection: 'column' },
  detail: { color: tokens.colorNeutralForeground2 },
  fix: { color: tokens.colorNeutralForeground1 },
});

const WORD = { ok: 'passed', warn: 'warning', fail: 'failed' } as const;

/** The checklist. */
export function PreflightList({ checks }: { checks: PreflightCheck[] }) {
  const s = useStyles();
  return (
    <ul className={s.list} aria-label="Pre-flight checks">
      {checks.map((c) => (
        <li key={c.id} className={s.item} data-check={c.id} data-status={c.status}>
          {c.status === 'ok' && <CheckmarkCircle20Filled className={s.ok} aria-hidden />}
          {c.status === 'warn' && <Warning20Filled className={s.warn} aria-hidden />}
          {c.status === 'fail' && <DismissCircle20Filled className={s.fail} aria-hidden />}
          <div className={s.body}>
            <Text weight="semibold">{c.label} <span className={s[c.status]}>— {WORD[c.status]}</span></Text>
            <Text className={s.detail}>{c.detail}</Text>
            {c.fix && c.status !== 'ok' && <Text className={s.fix}>What to do: {c.fix}</Text>}
          </div>
        </li>
      ))}
    </ul>
  );
}
