// Live updates over Server-Sent Events. The page is complete without this script; it only keeps
// the numbers fresh. Every forge string is set with textContent, never parsed as HTML.
const main = document.querySelector('main[data-stream]');
if (main && 'EventSource' in window) {
  const project = main.dataset.project || null;
  const status = document.querySelector('[data-live-status]');
  const source = new EventSource(`${main.dataset.stream}?since=${encodeURIComponent(main.dataset.since || '')}`);
  source.addEventListener('open', () => status && (status.textContent = 'Updates live.'));
  source.addEventListener('error', () => status && (status.textContent = 'Reconnecting…'));
  source.addEventListener('leaderboard', async (message) => {
    let board = JSON.parse(message.data);
    if (!board) return;
    if (project) {
      const response = await fetch(`/events/${encodeURIComponent(board.event.slug)}/leaderboard.json?project=${encodeURIComponent(project)}`);
      if (!response.ok) return;
      board = await response.json();
    }
    apply(board);
  });
  if (document.body.classList.contains('projector')) cycleProjector();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url) ? url : '#';
}

function flash(node) {
  node.classList.remove('flash');
  void node.offsetWidth;
  node.classList.add('flash');
}

function apply(board) {
  for (const dd of document.querySelectorAll('[data-total]')) {
    const value = String(board.totals[dd.dataset.total] ?? dd.textContent);
    if (dd.textContent !== value) {
      dd.textContent = value;
      flash(dd.parentElement);
    }
  }
  const ranking = document.querySelector('[data-ranking] tbody');
  if (ranking) renderRanking(ranking, board.sprinters);
  const feed = document.querySelector('[data-feed]');
  if (feed) renderFeed(feed, board.latest);
  const projects = document.querySelector('[data-projects] tbody');
  if (projects) renderProjects(projects, board.projects);
}

function renderRanking(tbody, sprinters) {
  const before = new Map([...tbody.querySelectorAll('tr[data-key]')].map((tr) => [tr.dataset.key, tr.dataset.values]));
  const rows = sprinters.map((s) => {
    const key = `${s.name}|${s.github ?? ''}`;
    const values = `${s.rank}|${s.merged}|${s.pull_requests}|${s.commits}`;
    const who = el('th', { scope: 'row' }, el('span', { class: 'name' }, s.name));
    if (s.github) who.append(' ', el('a', { class: 'handle', href: `https://github.com/${encodeURIComponent(s.github)}` }, `@${s.github}`));
    if (s.first_time) who.append(' ', el('span', { class: 'badge', title: 'First-time contributor' }, 'first-timer'));
    const tr = el('tr', { 'data-key': key, 'data-values': values },
      el('td', { class: 'rank' }, s.rank), who,
      el('td', { class: 'num' }, s.merged), el('td', { class: 'num' }, s.pull_requests), el('td', { class: 'num' }, s.commits));
    if (before.get(key) !== values) flash(tr);
    return tr;
  });
  if (!rows.length) return;
  tbody.replaceChildren(...rows);
}

function renderFeed(list, latest) {
  const known = new Set([...list.querySelectorAll('li[data-url]')].map((li) => li.dataset.url + li.dataset.state));
  const items = latest.map((c) => {
    const ref = c.kind === 'pull_request' ? `#${c.ref}` : c.kind === 'commit' ? c.ref.slice(0, 7) : '';
    const li = el('li', { 'data-url': c.url, 'data-state': c.state },
      el('a', { href: safeUrl(c.url) }, `${c.project ?? ''} ${ref}`), ' ',
      el('span', { class: 'title' }, c.title), ' ',
      el('span', { class: 'who' }, `by ${c.name ?? 'an unnamed contributor'}`), ' ',
      el('span', { class: `state state-${/^[a-z]+$/.test(c.state) ? c.state : 'unknown'}` }, c.state));
    if (known.size && !known.has(c.url + c.state)) flash(li);
    return li;
  });
  if (items.length) list.replaceChildren(...items);
}

function renderProjects(tbody, projects) {
  tbody.replaceChildren(...projects.map((p) => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: `?project=${encodeURIComponent(p.name)}` }, p.name)),
    el('td', { class: 'num' }, p.contributors), el('td', { class: 'num' }, p.contributions),
    el('td', { class: 'num' }, p.pull_requests), el('td', { class: 'num' }, p.merged), el('td', { class: 'num' }, p.commits))));
}

/** Projector: alternate between the overall ranking and each project's, every 12 seconds. */
function cycleProjector() {
  const names = [null, ...[...document.querySelectorAll('[data-projector-projects] li')].map((li) => li.textContent)];
  const title = document.querySelector('[data-projector-title]');
  const overall = title ? title.textContent : '';
  const slug = main.dataset.stream.split('/')[2];
  let index = 0;
  setInterval(async () => {
    index = (index + 1) % names.length;
    const name = names[index];
    const query = name ? `?project=${encodeURIComponent(name)}` : '';
    const response = await fetch(`/events/${encodeURIComponent(slug)}/leaderboard.json${query}`);
    if (!response.ok) return;
    const board = await response.json();
    if (title) title.textContent = name ?? overall;
    main.dataset.project = name ?? '';
    apply(board);
  }, 12000);
}
