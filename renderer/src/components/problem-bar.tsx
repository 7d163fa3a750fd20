/** A problem in plain words with what to do about it. */
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Problem } from '../lib/problem';

/** Shows a problem as an error (or warning) bar: the message as title, the fix below it, and a button that does the fix when there is one. */
export function ProblemBar({ problem, intent = 'error', action }: { problem: Problem | null; intent?: 'error' | 'warning'; action?: ReactNode }) {
  if (!problem) return null;
  return (
    <MessageBar intent={intent} layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{problem.message}</MessageBarTitle>
        {problem.hint && <div>What to do: {problem.hint}</div>}
      </MessageBarBody>
      {action && <MessageBarActions>{action}</MessageBarActions>}
    </MessageBar>
  );
}
