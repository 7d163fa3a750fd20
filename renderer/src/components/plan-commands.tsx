/** The plan's commands as run, step by step: the connection as PG* variables, the safe roles copy, CREATE DATABASE, pg_restore. */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { ReplayPlan } from '../../../electron/contract';
import { CopyButton } from './copy-button';

const useStyles = makeStyles({
  commands: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, flexGrow: 1, minWidth: 0 },
  command: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0,
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Every step's text, as "Copy all" puts it on the clipboard. */
export function commandsText(plan: ReplayPlan): string {
  return plan.commands.map((c) => [`# ${c.label}`, ...(c.note ? [`# ${c.note}`] : []), ...c.lines].join('\n')).join('\n\n');
}

/** The list of steps with a copy button each. */
export function PlanCommands({ plan }: { plan: ReplayPlan }) {
  const s = useStyles();
  return (
    <div className={s.commands}>
      {plan.files.filter((f) => f.action === 'skip' && f.file).map((f) => (
        <Text key={f.kind} size={200} className={s.muted}>{f.kind}: skipped — {f.reasons.join(' ')}</Text>
      ))}
      {plan.commands.map((c) => (
        <div key={c.label} className={s.row}>
          <div className={s.step}>
            <pre className={s.command} aria-label={`Command for ${c.label}`}><span className={s.muted}># {c.label}{'\n'}</span>{c.lines.join('\n')}</pre>
            {c.note && <Text size={200} className={s.muted}>{c.note}</Text>}
          </div>
          <CopyButton text={c.lines.join('\n')} label={`Copy the command for ${c.label}`} />
        </div>
      ))}
    </div>
  );
}
