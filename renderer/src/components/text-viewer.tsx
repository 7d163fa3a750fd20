/** A read-only view of a text file from the set (roles, schema, tablespaces, marker). */
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, MessageBar, MessageBarBody, Spinner, tokens,
} from '@fluentui/react-components';
import type { TextFileView } from '../../../electron/contract';
import { formatBytes } from '../lib/format';
import type { Loadable } from '../stores/restore-set-store';
import { CopyButton } from './copy-button';
import { ProblemBar } from './problem-bar';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(1100px, 92vw)', width: '92vw' },
  text: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre', overflow: 'auto', maxHeight: '60vh',
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium, margin: 0,
  },
});

/** The viewer dialog; `data` null keeps it closed. */
export function TextViewer({ file, data, onClose }: { file: string; data: Loadable<TextFileView> | null; onClose(): void }) {
  const s = useStyles();
  return (
    <Dialog open={data !== null} onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>{file}</DialogTitle>
          <DialogContent>
            {data?.status === 'loading' && <Spinner size="tiny" label="Reading…" />}
            {data?.status === 'error' && <ProblemBar problem={data.problem} />}
            {data?.status === 'ready' && (
              <>
                {data.value.truncated && (
                  <MessageBar intent="info"><MessageBarBody>Only the start of this {formatBytes(data.value.size)} file is shown.</MessageBarBody></MessageBar>
                )}
                <pre className={s.text} tabIndex={0} aria-label={`Contents of ${file} (read-only)`}>{data.value.text}</pre>
              </>
            )}
          </DialogContent>
          <DialogActions>
            {data?.status === 'ready' && <CopyButton text={data.value.text} label={`Copy ${file}`}>Copy</CopyButton>}
            <Button appearance="primary" onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
