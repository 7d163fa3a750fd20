/** The restore's prerequisite checklist: passed / failed / unknown / warning, what to do for each, and the knowing override of an unknown one. */
import { Button, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Filled, QuestionCircle20Filled, Warning20Filled } from '@fluentui/react-icons';
import type { PrerequisiteView } from '../../../../electron/contract';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { display: 'grid', gridTemplateColumns: '24px 1fr', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  passed: { color: tokens.colorPaletteGreenForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  unknown: { color: tokens.colorPaletteDarkOrangeForeground1 },
  detail: { color: tokens.colorNeutralForeground2 },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

const ICON = { passed: CheckmarkCircle20Filled, warning: Warning20Filled, failed: DismissCircle20Filled, unknown: QuestionCircle20Filled } as const;

/** The checklist; `onGrant` is offered on a failed role check when the user may grant it. */
export function PrerequisiteList({ checks, overridden, onToggle, onGrant }: {
  checks: PrerequisiteView[];
  overridden: string[];
  onToggle(id: string): void;
  onGrant?: () => void;
}) {
  const s = useStyles();
  return (
    <ul className={s.list} aria-label="Prerequisite checks">
      {checks.map((c) => {
        const Icon = ICON[c.status];
        return (
          <li key={c.id} className={s.item} data-check={c.id} data-status={c.status}>
            <Icon className={s[c.status]} aria-hidden />
            <div className={s.body}>
              <Text weight="semibold">{c.title} <span className={s[c.status]}>— {c.status}</span></Text>
              <Text className={s.detail}>{c.detail}</Text>
              {c.fix && c.status !== 'passed' && (
                <>
                  <Text>What to do: {c.fix.what}</Text>
                  <Text size={200} className={s.detail}>In the portal: {c.fix.portal}</Text>
                  <Text className={s.code}>{c.fix.az}</Text>
                </>
              )}
              {c.id === 'vault-role' && c.status === 'failed' && onGrant && <div><Button onClick={onGrant}>Grant role</Button></div>}
              {c.status === 'unknown' && (
                <Checkbox checked={overridden.includes(c.id)} onChange={() => onToggle(c.id)}
                  label={`Send the restore anyway: I accept that it may fail on “${c.title}”`} />
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
