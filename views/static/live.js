// Live updates over Server-Sent Events. The page is complete without this script; it only keeps
// the numbers fresh. Every forge string is set with textContent, never parsed as HTML.
// Which page of the ranking the projector shows (declared before the code below first uses it).
let projectorPage = 0;
// Bumped whenever the projector switches what it shows: an answer fetched for the view before is dropped,
// so the heading, totals, rows and feed on screen are always of one view.
let viewVersion = 0;
// Each board asked for (a live update, a view switch) takes a ticket when asked; one asked before the
// board on screen was asked for is older and never replaces it.
let ticketsIssued = 0;
let ticketShown = 0;
function applyIfCurrent(version, ticket, board, quiet) {
  if (version !== viewVersion || ticket < ticketShown) return false;
  ticketShown = ticket;
  apply(board, quiet);
  return true;
}
const main = document.querySelector('main[data-stream]');
if (main && 'EventSource' in window) {
  const status = document.querySelector('[data-live-status]');
  const source = new EventSource(`${main.dataset.stream}?since=${encodeURIComponent(main.dataset.since || '')}`);
  source.addEventListener('open', () => status && (status.textContent = 'Updates live.'));
  source.addEventListener('error', () => status && (status.textContent = 'Reconnecting…'));
  source.addEventListener('leaderboard', async (message) => {
    let board = JSON.parse(message.data);
    if (!board) return;
    // Closed or reopened by its organizers: the page is drawn again for what it now invites people to do.
    const drawn = document.querySelector('[data-closed]');
    if (drawn && board.event && drawn.dataset.closed !== String(board.event.closed)) return void reloadOnce();
    // Read from the whole event's board (a sprinter's first merge anywhere), whatever view is on screen.
    celebrateFirstMerges(board);
    // The view on screen now (the projector moves between the event and its projects), not at page load.
    const version = viewVersion;
    const ticket = ++ticketsIssued;
    const project = main.dataset.project || null;
    if (project) {
      const response = await fetch(
        `/events/${encodeURIComponent(board.event.slug)}/leaderboard.json?project=${encodeURIComponent(project)}`,
      );
      if (!response.ok) return;
      board = await response.json();
    }
    if (applyIfCurrent(version, ticket, board, false)) refreshTasks();
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

// `quiet`: a projector switching to another project shows other numbers, not changed ones: nothing flashes.
function apply(board, quiet = false) {
  for (const dd of document.querySelectorAll('[data-total]')) {
    const value = String(board.totals[dd.dataset.total] ?? dd.textContent);
    if (dd.textContent !== value) {
      dd.textContent = value;
      if (!quiet) flash(dd.parentElement);
    }
  }
  // What the totals cannot say as a number (states no source gave, rows without a name) is said beside them.
  for (const note of document.querySelectorAll('[data-total-note]')) {
    const n = Number(board.totals[note.dataset.totalNote] ?? 0);
    note.hidden = n === 0;
    note.textContent = note.dataset.note.replace('{n}', String(n));
  }
  const caption = document.querySelector('[data-ranking] caption');
  if (caption)
    caption.textContent = board.project
      ? `Sprinters on ${board.project}`
      : board.scoring.mode === 'points'
        ? 'Sprinters, by points'
        : 'Sprinters, by merged pull requests, then pull requests, then commits';
  const formula = document.querySelector('[data-scoring-formula]');
  if (formula) formula.textContent = board.scoring.formula;
  const ranking = document.querySelector('[data-ranking] tbody');
  // The scoring is the organizer's setting: a page drawn for the other one reloads to get its columns.
  const table = document.querySelector('[data-ranking]');
  if (table && table.dataset.scoring !== board.scoring.mode) {
    location.reload();
    return;
  }
  if (ranking) renderRanking(ranking, board.sprinters, quiet, board.project, board.scoring.mode === 'points');
  const feed = document.querySelector('[data-feed]');
  if (feed) renderFeed(feed, board.latest, quiet);
  const projects = document.querySelector('[data-projects] tbody');
  if (projects) renderProjects(projects, board.projects);
  if (document.body.classList.contains('projector')) paginate();
}

function renderRanking(tbody, sprinters, quiet, project, byPoints) {
  const before = new Map([...tbody.querySelectorAll('tr[data-key]')].map((tr) => [tr.dataset.key, tr.dataset.values]));
  const rows = sprinters.map((s) => {
    const key = `${s.name}|${s.github ?? ''}`;
    const values = `${s.rank}|${s.merged}|${s.pull_requests}|${s.commits}|${s.reviews}|${s.issues}`;
    const who = el('th', { scope: 'row' }, el('span', { class: 'name' }, s.name));
    if (s.github)
      who.append(
        ' ',
        el('a', { class: 'handle', href: `https://github.com/${encodeURIComponent(s.github)}` }, `@${s.github}`),
      );
    if (s.first_time) who.append(' ', el('span', { class: 'badge', title: 'First-time contributor' }, 'first-timer'));
    if (s.returning && s.github)
      who.append(
        ' ',
        el(
          'a',
          {
            class: 'badge returning',
            href: `/sprinters/${encodeURIComponent(s.github)}`,
            title: 'Contributed at an earlier sprint too: their sprints',
          },
          'returning sprinter',
        ),
      );
    const counts = [[s.merged], [s.pull_requests], [s.commits], [s.reviews, ' extra'], [s.issues, ' extra']];
    if (byPoints) counts.unshift([s.points]);
    // The signed-in sprinter's own row stays marked through live updates ("Find me").
    const you = Boolean(main.dataset.me) && (s.github ?? '').toLowerCase() === main.dataset.me;
    if (you) who.querySelector('.name').after(' ', el('span', { class: 'badge you-badge' }, 'you'));
    const tr = el(
      'tr',
      { 'data-key': key, 'data-values': values, id: you ? 'you' : null, class: you ? 'you' : null },
      el('td', { class: 'rank' }, s.rank),
      who,
      ...counts.map(([n, extra = '']) => el('td', { class: `num${extra}` }, n)),
    );
    if (!quiet && before.get(key) !== values) flash(tr);
    return tr;
  });
  // An empty ranking is said, never left showing the rows of the view before.
  if (!rows.length) {
    rows.push(
      el(
        'tr',
        { class: 'empty' },
        el(
          'td',
          { colspan: 8 },
          project
            ? `No named sprinter on ${project} yet.`
            : 'No contributions yet: the first merged pull request takes the top spot.',
        ),
      ),
    );
  }
  tbody.replaceChildren(...rows);
}

function renderFeed(list, latest, quiet) {
  const known = new Set([...list.querySelectorAll('li[data-url]')].map((li) => li.dataset.url + li.dataset.state));
  const items = latest.map((c) => {
    // Written by the server as the contribution's forge writes it (`#12`, GitLab's `!12`, a short sha).
    const ref = c.reference ?? '';
    const li = el(
      'li',
      { 'data-url': c.url, 'data-state': c.state },
      c.kind === 'review' ? 'review of ' : '',
      el('a', { href: safeUrl(c.url) }, `${c.project ?? ''} ${ref}`),
      ' ',
      el('span', { class: 'title' }, c.title),
    );
    // A list that named nobody, or gave no state, is shown as it is: nothing invented in their place.
    if (c.name) li.append(' ', el('span', { class: 'who' }, `by ${c.name}`));
    if (c.state !== 'unknown')
      li.append(' ', el('span', { class: `state state-${/^[a-z]+$/.test(c.state) ? c.state : 'unknown'}` }, c.state));
    // Dated by what happened last: a pull request opened this morning and merged now reads "merged 5 s ago".
    const at = c.changed_at ?? c.created_at;
    const fresh = document.body.classList.contains('projector') && at ? ago(c.change ?? 'changed', at) : '';
    if (fresh) li.append(' ', el('span', { class: 'ago muted' }, fresh));
    if (!quiet && known.size && !known.has(c.url + c.state)) flash(li);
    return li;
  });
  if (!items.length)
    items.push(el('li', { class: 'empty' }, 'Nothing yet: pull requests appear here the moment they are opened.'));
  list.replaceChildren(...items);
}

/** "merged 12 s ago", "opened 5 min ago": how fresh an item is, as the room reads it (nothing for older work). */
function ago(change, instant) {
  const seconds = Math.max(0, Math.round((Date.now() + serverSkew() - Date.parse(instant)) / 1000));
  if (seconds < 10) return `${change} just now`;
  if (seconds < 90) return `${change} ${seconds} s ago`;
  if (seconds < 5400) return `${change} ${Math.round(seconds / 60)} min ago`;
  return seconds < 86400 ? `${change} ${Math.round(seconds / 3600)} h ago` : '';
}

function renderProjects(tbody, projects) {
  tbody.replaceChildren(
    ...projects.map((p) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, el('a', { href: `?project=${encodeURIComponent(p.name)}` }, p.name)),
        el('td', { class: 'num' }, p.contributors),
        el('td', { class: 'num' }, p.contributions),
        el('td', { class: 'num' }, p.pull_requests),
        el('td', { class: 'num' }, p.merged),
        el('td', { class: 'num' }, p.commits),
        el('td', { class: 'num extra' }, p.reviews),
        el('td', { class: 'num extra' }, p.issues),
      ),
    ),
  );
}

/** Projector: alternate between the overall ranking and each project's, every 12 seconds. */
/** Shows the page of ranking rows that fits the screen, and says which page it is; returns how many pages there are. */
function paginate() {
  const board = document.querySelector('.projector-board');
  const rows = [...document.querySelectorAll('[data-ranking] tbody tr:not(.empty)')];
  const label = document.querySelector('[data-ranking-page]');
  for (const tr of rows) tr.hidden = false;
  if (!board || rows.length === 0) {
    if (label) label.textContent = '';
    return 1;
  }
  const head = document.querySelector('[data-ranking] thead').getBoundingClientRect();
  const room =
    board.getBoundingClientRect().bottom - head.bottom - (label ? label.getBoundingClientRect().height || 24 : 0);
  const perPage = Math.max(1, Math.floor(room / rows[0].getBoundingClientRect().height));
  const pages = Math.ceil(rows.length / perPage);
  projectorPage = Math.min(projectorPage, pages - 1);
  rows.forEach((tr, i) => (tr.hidden = Math.floor(i / perPage) !== projectorPage));
  if (label) {
    const first = projectorPage * perPage + 1;
    label.textContent =
      pages > 1
        ? `Page ${projectorPage + 1} of ${pages}: places ${first} to ${Math.min(first + perPage - 1, rows.length)} of ${rows.length}`
        : '';
  }
  return pages;
}

/** The room's view: each page of the ranking in turn, then the next project's, heading, totals, table and feed together. */
function cycleProjector() {
  const names = [null, ...[...document.querySelectorAll('[data-projector-projects] li')].map((li) => li.textContent)];
  const title = document.querySelector('[data-projector-title]');
  const overall = title ? title.textContent : '';
  const slug = main.dataset.stream.split('/')[2];
  const every = Number(document.querySelector('.projector-grid')?.dataset.cycleMs) || 10000;
  let index = 0;
  let tasksShown = false;
  startClock();
  paginate();
  setInterval(async () => {
    if (tasksShown) {
      tasksShown = false;
      showRanking();
    } else if (projectorPage + 1 < paginate()) {
      projectorPage += 1;
      paginate();
      return;
    } else if (await showFreeTasks(slug, names[index])) {
      // Between one project's last ranking page and the next project: what is still free to take there.
      tasksShown = true;
      return;
    }
    projectorPage = 0;
    if (names.length === 1) return void paginate();
    index = (index + 1) % names.length;
    const name = names[index];
    // The view changes now: live updates from here on are fetched for it, earlier answers dropped.
    const version = ++viewVersion;
    const ticket = ++ticketsIssued;
    main.dataset.project = name ?? '';
    const query = name ? `?project=${encodeURIComponent(name)}` : '';
    const response = await fetch(`/events/${encodeURIComponent(slug)}/leaderboard.json${query}`);
    if (!response.ok || version !== viewVersion) return;
    const board = await response.json();
    if (version !== viewVersion) return;
    if (title) title.textContent = name ?? overall;
    // A live update for this view that arrived meanwhile is newer than this answer: it stays.
    applyIfCurrent(version, ticket, board, true);
  }, every);
}

/** The free tasks of a project (or of every project), in place of the ranking; false when there are none. */
async function showFreeTasks(slug, project) {
  const panel = document.querySelector('[data-projector-tasks]');
  if (!panel) return false;
  const response = await fetch(`/events/${encodeURIComponent(slug)}/tasks.json`);
  if (!response.ok) return false;
  const free = (await response.json()).filter(
    (t) =>
      (t.state === 'open' || t.state === 'claimed') &&
      t.claims.length < t.capacity &&
      (!project || t.project === project),
  );
  if (free.length === 0) return false;
  panel.querySelector('[data-projector-tasks-project]').textContent = project ? ` on ${project}` : '';
  panel
    .querySelector('ul')
    .replaceChildren(
      ...free
        .slice(0, 8)
        .map((t) =>
          el(
            'li',
            {},
            t.title,
            el('span', { class: 'muted' }, ` ${project ? '' : `${t.project} · `}${t.level.replace('-', ' ')}`),
          ),
        ),
    );
  for (const node of document.querySelectorAll('[data-ranking], [data-ranking-page]')) node.hidden = true;
  panel.hidden = false;
  return true;
}

function showRanking() {
  const panel = document.querySelector('[data-projector-tasks]');
  if (panel) panel.hidden = true;
  for (const node of document.querySelectorAll('[data-ranking], [data-ranking-page]')) node.hidden = false;
}

// Pull requests already seen merged: those on the page as drawn, then each board's. Opening the page celebrates nothing.
let mergedSeen = null;
/** A moment for the room when someone's first pull request of the sprint is merged. */
function celebrateFirstMerges(board) {
  const banner = document.querySelector('[data-celebration]');
  if (!banner) return;
  mergedSeen ??= new Set(
    [...document.querySelectorAll('[data-feed] li[data-state="merged"]')].map((li) => li.dataset.url),
  );
  const merged = board.latest.filter((c) => c.kind === 'pull_request' && c.state === 'merged');
  const first = merged.filter((c) => !mergedSeen.has(c.url));
  for (const c of merged) mergedSeen.add(c.url);
  // A screen left on for days remembers the latest few hundred, enough for any feed of ten.
  if (mergedSeen.size > 1000) mergedSeen = new Set([...mergedSeen].slice(-500));
  const names = first
    .filter((c) => c.name && board.sprinters.some((s) => s.name === c.name && s.github === c.github && s.merged === 1))
    .map((c) => c.name);
  if (names.length === 0) return;
  // Words only: a room's screen may have no emoji font.
  banner.textContent = `First pull request merged: well done, ${[...new Set(names)].join(' and ')}!`;
  banner.hidden = false;
  flash(banner);
  clearTimeout(celebrateFirstMerges.timer);
  celebrateFirstMerges.timer = setTimeout(() => (banner.hidden = true), 12000);
}

/** "2 h 05 min left": the same words the server drew, kept current; at the end the page is drawn again. */
function tickSprintCountdown() {
  const span = document.querySelector('[data-countdown]');
  if (!span) return;
  const now = Date.now() + serverSkew();
  const ends = Date.parse(span.dataset.ends);
  const starts = Date.parse(span.dataset.starts);
  const closed = span.dataset.closedAt ? Date.parse(span.dataset.closedAt) : Infinity;
  const spanOf = (ms) => {
    const minutes = Math.ceil(ms / 60000);
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? `${hours} h ${String(minutes % 60).padStart(2, '0')} min` : `${Math.round(hours / 24)} days`;
  };
  const over = now >= closed || now >= ends;
  span.textContent = over
    ? 'The sprint is over'
    : now < starts
      ? `Starts in ${spanOf(starts - now)}`
      : `${spanOf(ends - now)} left`;
  if (over && document.querySelector('[data-over="false"]')) reloadOnce();
}

/** How far the server's clock (the instant it drew the page at) is ahead of this screen's. */
function serverSkew() {
  const drawn = document.querySelector('[data-clock]')?.getAttribute('datetime');
  if (!drawn) return 0;
  serverSkew.value ??= Date.parse(drawn) - performance.timeOrigin;
  return serverSkew.value;
}

// A page drawn again for a change of phase; at most once a minute, however the clocks disagree.
function reloadOnce() {
  const last = Number(sessionStorage.getItem('devsprint-reloaded') || 0);
  if (Date.now() - last < 60000) return;
  sessionStorage.setItem('devsprint-reloaded', String(Date.now()));
  location.reload();
}

/** The clock on the room's wall, in the event's time zone. */
function startClock() {
  tickSprintCountdown();
  setInterval(tickSprintCountdown, 15000);
  const clock = document.querySelector('[data-clock]');
  if (!clock) return;
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: clock.dataset.zone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const tick = () => (clock.textContent = format.format(new Date()));
  tick();
  setInterval(tick, 15000);
}

// The task table is re-read from the server as rendered for this visitor (their own buttons and CSRF
// token included) and swapped in whole; the server has escaped every string in it.
let tasksRefreshing = null;
async function refreshTasks() {
  const table = document.querySelector('[data-task-table]');
  if (!table || tasksRefreshing) return;
  tasksRefreshing = fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) return;
      const fresh = new DOMParser()
        .parseFromString(await response.text(), 'text/html')
        .querySelector('[data-task-table]');
      // A visitor typing a link or a login keeps what they typed: the table waits for the next change.
      if (fresh && !table.contains(document.activeElement))
        table.replaceChildren(...[...fresh.childNodes].map((node) => document.importNode(node, true)));
    })
    .finally(() => {
      tasksRefreshing = null;
    });
}

// A claim's countdown ticks on the page; the server decides when it has run out.
function tickCountdowns() {
  for (const span of document.querySelectorAll('[data-expires]')) {
    const minutes = Math.max(0, Math.ceil((Date.parse(span.dataset.expires) - Date.now()) / 60000));
    span.textContent =
      minutes >= 60
        ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`
        : `${minutes} min left`;
  }
}
if (document.querySelector('[data-task-table]')) setInterval(tickCountdowns, 30000);
