/// <reference lib="dom" />
/**
 * The framework page's client: reads the pack's data from the page, shows the view the URL
 * fragment names (overview, requirements, requirement, evidence, rule), and shows it again when the
 * fragment changes. Bundled by esbuild into one inline script (client-bundle.ts); it makes no
 * request of any kind.
 */
import { h, link, replaceChildren, type Child } from './dom.js';
import { evidenceView, ruleView } from './evidence-view.js';
import { indexPage, readPageData, type PageIndex } from './page-index.js';
import { parseRoute, type Route, type View } from './page-state.js';
import { overviewView } from './overview-view.js';
import { requirementView } from './requirement-view.js';
import { requirementsView } from './requirements-view.js';

const DATA_ELEMENT_ID = 'srmap-data';
const NAV: [View, string][] = [['overview', 'Overview'], ['requirements', 'Requirements'], ['evidence', 'Evidence']];

function header(index: PageIndex, route: Route): HTMLElement {
  const { data } = index;
  const current = route.view === 'requirement' ? 'requirements' : route.view === 'rule' ? 'evidence' : route.view;
  const items = NAV.map(([view, label]) => {
    const a = link(view, label);
    if (view === current) a.setAttribute('aria-current', 'page');
    return h('li', {}, a);
  });
  const skip = h('a', { class: 'skip' }, 'Skip to content');
  skip.setAttribute('href', '#main');
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    document.querySelector<HTMLElement>('main h1')?.focus();
  });
  return h(
    'header',
    { class: 'site' },
    skip,
    h('p', { class: 'title' }, `${data.framework.name} ${data.framework.version}`),
    h('p', { class: 'meta' }, `${data.organisation} · evidence as of ${data.asOf} · snapshot ${data.snapshotId}`),
    h('nav', { class: 'views', 'aria-label': 'Views' }, h('ul', {}, items)),
  );
}

function view(index: PageIndex, route: Route): Child {
  switch (route.view) {
    case 'requirements':
      return requirementsView(index, route);
    case 'requirement':
      return requirementView(index, route.id ?? '');
    case 'evidence':
      return evidenceView(index, route);
    case 'rule':
      return ruleView(index, route.id ?? '');
    case 'overview':
      return overviewView(index);
  }
}

function show(index: PageIndex, app: HTMLElement, moveFocus: boolean): void {
  const route = parseRoute(location.hash);
  const main = h('main', { id: 'main' }, view(index, route));
  replaceChildren(app, header(index, route), main);
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? ''} (${index.data.organisation}, ${index.data.asOf})`;
  if (moveFocus) heading?.focus();
  else window.scrollTo(0, 0);
}

function start(): void {
  const app = document.getElementById('app');
  if (!app) return;
  let index: PageIndex;
  try {
    index = indexPage(readPageData(DATA_ELEMENT_ID));
  } catch (e) {
    replaceChildren(app, h('main', { id: 'main' }, h('h1', {}, 'This page could not be read'), h('p', {}, String(e)), h('p', {}, 'The CSV files and the PDF beside it hold the same pack.')));
    return;
  }
  show(index, app, false);
  window.addEventListener('hashchange', () => {
    if (location.hash === '#main') return;
    show(index, app, true);
  });
  app.setAttribute('data-ready', 'true');
  // When the first view was in the document: what the time-to-first-render figure reads.
  performance.mark('srmap-first-render');
}

start();
