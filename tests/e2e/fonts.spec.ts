/**
 * The app ships its own type: Inter for the interface and Source Serif 4 for reading, loaded from
 * the app's own files under its Content-Security-Policy (font-src 'self'; a refused font would be
 * a console error, which fails every spec), so the window reads the same on every machine.
 */
import { expect, test } from './fixtures';

test('the bundled fonts load from the app and set the interface and the reading text', async ({ app: page, bridge }) => {
  const loaded = await page.evaluate(async () => {
    await Promise.all([document.fonts.load('16px "Inter Variable"'), document.fonts.load('16px "Source Serif 4 Variable"')]);
    return [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family.replace(/"/g, ''));
  });
  expect(loaded).toContain('Inter Variable');
  expect(loaded).toContain('Source Serif 4 Variable');

  const files = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.woff2')));
  expect(files.length).toBeGreaterThanOrEqual(2);
  for (const file of files) expect(new URL(file).origin).toBe(new URL(bridge.url).origin);

  const bodyFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(bodyFont.startsWith('"Inter Variable"')).toBe(true);
});
