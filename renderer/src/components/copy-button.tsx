/** Copies text to the clipboard and says so. */
import { Button, Tooltip } from '@fluentui/react-components';
import { Checkmark20Regular, Copy20Regular } from '@fluentui/react-icons';
import { useState } from 'react';

/** A button that copies `text` (or what `text()` returns at click time); `label` names what is copied. */
export function CopyButton({ text, label, children }: { text: string | (() => string); label: string; children?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    const value = typeof text === 'function' ? text() : text;
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard permission denied (e.g. an unfocused page): fall back to a hidden selection.
      const area = document.createElement('textarea');
      area.value = value;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <Tooltip content={copied ? 'Copied' : label} relationship="description">
      <Button aria-label={label} icon={copied ? <Checkmark20Regular /> : <Copy20Regular />} onClick={() => void copy()}>
        {children}
      </Button>
    </Tooltip>
  );
}
