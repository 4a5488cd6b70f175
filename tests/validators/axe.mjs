// axe-core in Debian's Chromium over a built site: the pages of every kind
// (homes, listings, a story, a story with code, a command page, the figures
// pages, a free page, 404, one widget of each kind), in every language, in
// light and dark colour schemes. Exits 1 when any page has a critical or
// serious violation.
//
// Usage: node axe.mjs SITE_OUTPUT_DIR [LABEL]
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const BLOCKING = new Set(['critical', 'serious']);

/** Page kinds by output path (without a language prefix); the first match wins. */
const KINDS = [
  ['home', /^index\.html$/],
  ['404', /^404\.html$/],
  ['stories', /^stories\/index\.html$/],
  ['stories (page 2)', /^stories\/page\/2\/index\.html$/],
  ['story', /^stories\/[^/]+\/index\.html$/],
  ['commands', /^commands\/index\.html$/],
  ['command', /^commands\/[^/]+\/index\.html$/],
  ['sectors', /^sectors\/index\.html$/],
  ['sector', /^sectors\/[^/]+\/index\.html$/],
  ['figures', /^figures\/index\.html$/],
  ['figures of a year', /^figures\/\d+\/index\.html$/],
  ['story widget', /^embed\/stories\/[^/]+\/index\.html$/],
  ['command widget', /^embed\/commands\/[^/]+\/\d+\/index\.html$/],
  ['indicator widget', /^embed\/indicators\/[^/]+\/index\.html$/],
  ['page', /^[^/]+\/index\.html$/],
];
const SECTIONS = new Set(['stories', 'commands', 'sectors', 'figures', 'embed', 'data', 'css']);

function htmlFiles(dir, root = dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return htmlFiles(path, root);
      return name.endsWith('.html') ? [relative(root, path)] : [];
    });
}

/** Language prefix (`en/`) of an output path, if any: a folder holding an index.html that is not a section. */
function splitLanguage(path, languages) {
  const first = path.split('/')[0];
  return languages.has(first) ? [first, path.slice(first.length + 1)] : ['default', path];
}

/** The pages to check: the first of each kind in each language, and the first story with code. */
function pickPages(root) {
  const files = htmlFiles(root);
  // A language folder has its own home page and story listing.
  const languages = new Set(
    files
      .filter((f) => /^[^/]+\/index\.html$/.test(f))
      .map((f) => f.split('/')[0])
      .filter((d) => !SECTIONS.has(d) && files.includes(`${d}/stories/index.html`)),
  );
  const picked = new Map();
  for (const file of files) {
    const [lang, path] = splitLanguage(file, languages);
    const kind = KINDS.find(([, re]) => re.test(path))?.[0];
    if (!kind) continue;
    if (!picked.has(`${lang} ${kind}`)) picked.set(`${lang} ${kind}`, file);
    if (kind === 'story' && !picked.has(`${lang} story with code`)) {
      if (readFileSync(join(root, file), 'utf8').includes('<pre class="code"')) picked.set(`${lang} story with code`, file);
    }
  }
  // One check per file, named after every kind it stands for.
  const byFile = new Map();
  for (const [what, file] of picked) byFile.set(file, byFile.has(file) ? `${byFile.get(file)}, ${what}` : what);
  return [...byFile.entries()].map(([file, what]) => [what, file]);
}

function urlOf(file) {
  return '/' + file.replace(/index\.html$/, '');
}

async function main() {
  const [root, label = root] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node axe.mjs SITE_OUTPUT_DIR [LABEL]');
    process.exit(2);
  }
  const pages = pickPages(root);
  const server = await serve(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  let failures = 0;
  let checked = 0;
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const rules = new Map(); // `impact rule` → nodes, for the summary
  try {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      for (const [what, file] of pages) {
        await page.goto(server.url + urlOf(file), { waitUntil: 'load' });
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ['violations'] }),
        );
        checked += 1;
        for (const v of result.violations) {
          counts[v.impact] = (counts[v.impact] ?? 0) + v.nodes.length;
          rules.set(`${v.impact} ${v.id}`, (rules.get(`${v.impact} ${v.id}`) ?? 0) + v.nodes.length);
          if (!BLOCKING.has(v.impact)) continue;
          failures += v.nodes.length;
          for (const node of v.nodes) {
            console.log(`${label}/${file} (${what}, ${colorScheme}): ${v.impact}: ${v.id}: ${v.help}`);
            console.log(`    at ${node.target.join(' ')}: ${node.failureSummary?.split('\n').join(' ')}`);
          }
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(
    `axe: ${label}: ${checked} page checks (${pages.length} pages, light and dark): ` +
      `${counts.critical} critical, ${counts.serious} serious, ${counts.moderate} moderate, ${counts.minor} minor`,
  );
  for (const [rule, n] of [...rules.entries()].sort()) console.log(`    ${rule}: ${n}`);
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
