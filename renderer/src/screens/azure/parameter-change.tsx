/**
 * The offer to change a flexible server's azure.extensions so the dumps' extensions may be created:
 * the exact value now and after, and the button when the user may change it (main sets it through
 * Resource Manager, then checks the target again).
 */
import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from '@fluentui/react-components';
import type { ServerParameterChange } from '../../../../electron/contract';

const useStyles = makeStyles({
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** The change, and "Allow" unless the user may not make it. */
export function ParameterChange({ change, busy, onAllow }: { change: ServerParameterChange; busy: boolean; onAllow(): void }) {
  const s = useStyles();
  return (
    <MessageBar intent="warning" layout="multiline" aria-label="Server parameter change">
      <MessageBarBody>
        <MessageBarTitle>Change {change.parameter} on {change.server}</MessageBarTitle>
        <Text block>From <span className={s.value} data-testid="parameter-from">{change.from ? `"${change.from}"` : '(empty)'}</span> to{' '}
          <span className={s.value} data-testid="parameter-to">"{change.to}"</span>. Azure applies it without a restart; nothing else changes.</Text>
        {change.canSet === false && <Text block>You may not change this server&apos;s parameters: ask an Owner or Contributor of the server to make this change, then check again.</Text>}
        {change.canSet === 'unknown' && <Text block>Your permissions on the server could not be read: the change may be refused.</Text>}
      </MessageBarBody>
      {change.canSet !== false && (
        <MessageBarActions>
          {busy ? <Spinner size="tiny" label="Setting it and checking again…" /> : <Button onClick={onAllow}>Allow in {change.parameter}</Button>}
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
