/** In-page accessibility probes for the e2e tests (run in the browser through `page.evaluate`). */
import type { Page } from 'playwright-core';

/**
 * Controls on screen without a name a screen reader could announce: no aria-label, no
 * aria-labelledby text, no associated <label>, no text content and no title.
 */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown>; getElementById(id: string): { textContent: string | null } | null } }).document;
    type El = {
      tagName: string; outerHTML: string; textContent: string | null; labels?: ArrayLike<{ textContent: string | null }> | null;
      getAttribute(n: string): string | null; closest(s: string): unknown; getClientRects(): ArrayLike<unknown>;
    };
    const controls = Array.from(doc.querySelectorAll('button, input, select, textarea, [role="tab"], [role="checkbox"], [role="radio"], [role="switch"]')) as El[];
    const named = (el: El): boolean => {
      if ((el.getAttribute('aria-label') ?? '').trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\s+/).some((id) => (doc.getElementById(id)?.textContent ?? '').trim())) return true;
      if (el.labels && Array.from(el.labels).some((l) => (l.textContent ?? '').trim())) return true;
      if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab') {
        if ((el.textContent ?? '').trim()) return true;
      }
      return Boolean((el.getAttribute('title') ?? '').trim());
    };
    return controls
      .filter((el) => el.getClientRects().length > 0 && el.getAttribute('type') !== 'hidden' && !el.closest('[aria-hidden="true"]'))
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 160));
  });
}
