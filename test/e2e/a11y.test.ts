/** The accessibility probe the journey tests rely on must catch what it claims to catch. */
import { describe, expect, it } from 'vitest';
import { unnamedControls } from './a11y';
import { launchChromium } from './chromium';

describe('unnamedControls', () => {
  it('passes labelled controls and reports unnamed ones', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.setContent(`
        <label for="a">Name</label><input id="a">
        <button>Go</button><button aria-label="Close"></button>
        <span id="t">Theme</span><button aria-labelledby="t"></button>
        <button title="Copy"></button>
        <button id="bad"></button><input placeholder="placeholder is not a name"><select></select>
        <div aria-hidden="true"><button></button></div><button style="display:none"></button>`);
      const found = await unnamedControls(page);
      expect(found).toHaveLength(3);
      expect(found[0]).toContain('id="bad"');
      expect(found[1]).toContain('placeholder');
      expect(found[2]).toContain('<select');
    } finally {
      await browser.close();
    }
  });
});
