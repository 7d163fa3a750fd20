/** A problem in plain words with what to do about it. */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Problem } from '../lib/problem';

/** Shows a problem as an error (or warning) bar: the message as title, the fix below it. */
export function ProblemBar({ problem, intent = 'error' }: { problem: Problem | null; intent?: 'error' | 'warning' }) {
  if (!problem) return null;
  return (
    <MessageBar intent={intent} layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{problem.message}</MessageBarTitle>
        {problem.hint && <div>What to do: {problem.hint}</div>}
      </MessageBarBody>
    </MessageBar>
  );
}
