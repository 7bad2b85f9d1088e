import test from 'ava';
import { check, LinkState } from 'linkinator';
import { pages, root } from './pages.js';

/** Links off this machine are not checked: the tests run offline. */
const external = /^https?:\/\/(?!127\.0\.0\.1[:/])/;

test('every link between the pages, to files of the repository and to headings resolves', async (t) => {
  const result = await check({
    path: [...pages],
    serverRoot: root,
    markdown: true,
    checkFragments: true,
    linksToSkip: async (link) => external.test(link),
  });
  const broken = result.links
    .filter((link) => link.state === LinkState.BROKEN)
    .map(
      (link) =>
        `${link.parent ?? ''} → ${link.url}: ${link.status === 200 ? 'no such heading' : link.status}`,
    );
  t.deepEqual(broken, []);
  t.true(result.links.length > pages.length, 'the pages link to each other');
});
