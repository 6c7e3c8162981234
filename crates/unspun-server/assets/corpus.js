// The corpus page: search and filter the articles of an unspun corpus
// database, open any of them in the reader, and chart the filtered corpus.
'use strict';
(function () {
  const U = window.unspun;
  const { el, fill } = U;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const FILTERS = ['text', 'outlet', 'from', 'to', 'technique', 'source_kind', 'actor', 'sort', 'order'];
  const PAGE = 25;
  let offset = 0;

  function status(message, isError) {
    $('corpus-status').textContent = message;
    $('corpus-status').classList.toggle('error', Boolean(isError));
  }

  /** The filters of the form as query-string pairs (empty ones left out). */
  function filterParams() {
    const form = new FormData($('filters'));
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = (form.get(name) || '').toString().trim();
      if (value) params.set(name, value);
    }
    return params;
  }

  function options(select, counts, label) {
    const keep = select.value;
    fill(select, el('option', { value: '' }, 'any'),
      counts.map((c) => el('option', { value: c.value }, (label ? label(c.value) : c.value) + ' (' + c.articles + ')')));
    select.value = keep;
  }

  async function loadFacets() {
    const facets = await U.api('/api/v1/corpus/facets');
    options($('f-outlet'), facets.outlets || []);
    options($('f-technique'), facets.techniques || [], U.techniqueName);
    options($('f-source-kind'), facets.source_kinds || [], U.sourceKindName);
    fill($('actor-list'), (facets.actors || []).map((c) => el('option', { value: c.value })));
    return facets;
  }

  async function search() {
    const params = filterParams();
    params.set('limit', PAGE);
    params.set('offset', offset);
    status('Searching…');
    try {
      const page = await U.api('/api/v1/corpus/search?' + params);
      showResults(page);
      status('');
    } catch (e) {
      status('Cannot search: ' + e.message, true);
    }
    drawCharts(filterParams());
  }

  function showResults(page) {
    const rows = page.rows || [];
    $('results-count').textContent = page.total + ' article' + (page.total === 1 ? '' : 's') + ' match.';
    fill($('results-body'), rows.map((r) => el('tr', {},
      el('td', {}, el('a', { href: '/?article=' + encodeURIComponent(r.id) }, r.title || r.doc_id)),
      el('td', {}, r.outlet || ''),
      el('td', {}, r.published || ''),
      el('td', {}, U.percent(r.editorial_share)),
      el('td', {}, U.number(r.technique_density, 1)),
      el('td', {}, String(r.attributions || 0)))));
    const first = page.total ? page.offset + 1 : 0;
    $('page-info').textContent = first + '–' + (page.offset + rows.length) + ' of ' + page.total;
    $('prev').disabled = page.offset <= 0;
    $('next').disabled = page.offset + rows.length >= page.total;
  }

  // ---- Charts (SVG drawn here: no library, no outside origin) -------------

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  /** A horizontal bar chart of labelled values, with a caption and a table
   * for screen readers. */
  function barChart(figure, title, items, format) {
    const shown = items.slice(0, 15);
    const max = Math.max(1e-9, ...shown.map((i) => i.value || 0));
    const rowHeight = 20;
    const width = 340;
    const labelWidth = 130;
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + (shown.length * rowHeight + 6), role: 'img', 'aria-label': title });
    shown.forEach((item, k) => {
      const y = k * rowHeight + 3;
      const w = Math.max(1, ((item.value || 0) / max) * (width - labelWidth - 60));
      const shownValue = item.text || format(item.value);
      chart.append(svg('text', { x: labelWidth - 6, y: y + 13, 'text-anchor': 'end', class: 'bar-label' }, truncate(item.label, 20)));
      chart.append(svg('rect', { x: labelWidth, y: y + 2, width: w, height: rowHeight - 6, class: 'bar' }, svg('title', {}, item.label + ': ' + shownValue)));
      chart.append(svg('text', { x: labelWidth + w + 4, y: y + 13, class: 'bar-label' }, shownValue));
    });
    fill(figure, el('figcaption', {}, el('strong', {}, title)),
      shown.length ? chart : el('p', { class: 'hint' }, 'No data.'),
      dataTable(title, shown, format));
  }

  function dataTable(title, items, format) {
    return el('table', { class: 'sr' }, el('caption', {}, title),
      el('tbody', {}, items.map((i) => el('tr', {}, el('th', { scope: 'row' }, i.label), el('td', {}, i.text || format(i.value))))));
  }

  function truncate(s, n) {
    s = String(s);
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }

  async function drawCharts(params) {
    try {
      const [outlets, months, stances] = await Promise.all([
        U.api('/api/v1/corpus/aggregates?by=outlet&' + params),
        U.api('/api/v1/corpus/aggregates?by=month&' + params),
        U.api('/api/v1/corpus/stances?' + params),
      ]);
      const label = (g) => g.key || '(none)';
      const byOutlet = (outlets.groups || []).slice().sort((a, b) => b.articles - a.articles);
      barChart($('chart-outlet-editorial'), 'Editorial share by outlet',
        byOutlet.map((g) => ({ label: label(g), value: g.editorial_share })), U.percent);
      barChart($('chart-outlet-density'), 'Techniques per 1,000 words by outlet',
        byOutlet.map((g) => ({ label: label(g), value: g.techniques_per_1000_words })), (v) => U.number(v, 1));
      const byMonth = (months.groups || []).slice().sort((a, b) => String(a.key).localeCompare(String(b.key)));
      barChart($('chart-month-editorial'), 'Editorial share by month',
        byMonth.map((g) => ({ label: label(g), value: g.editorial_share })), U.percent);
      const kinds = {};
      for (const g of outlets.groups || []) {
        for (const [kind, n] of Object.entries(g.source_kinds || {})) kinds[kind] = (kinds[kind] || 0) + n;
      }
      barChart($('chart-source-kinds'), 'Sources by kind',
        Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => ({ label: U.sourceKindName(k), value: n })), (v) => String(v));
      barChart($('chart-stances'), 'Stances stated per actor',
        (stances.actors || []).map((a) => ({
          label: a.actor,
          value: a.support + a.oppose + a.neutral,
          text: a.support + ' for, ' + a.oppose + ' against' + (a.neutral ? ', ' + a.neutral + ' neutral' : ''),
        })), String);
    } catch (e) {
      status('Cannot draw the charts: ' + e.message, true);
    }
  }

  // ---- Start ----------------------------------------------------------------

  async function start() {
    const params = new URLSearchParams(location.search);
    for (const name of FILTERS) {
      const field = $('filters').elements[name];
      if (field && params.get(name)) field.value = params.get(name);
    }
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      offset = 0;
      history.replaceState(null, '', '/corpus?' + filterParams());
      search();
    });
    $('filters').addEventListener('reset', () => setTimeout(() => { offset = 0; search(); }, 0));
    $('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); search(); });
    $('next').addEventListener('click', () => { offset += PAGE; search(); });
    try {
      const facets = await loadFacets();
      for (const name of FILTERS) {
        const field = $('filters').elements[name];
        if (field && params.get(name)) field.value = params.get(name);
      }
      status(facets.articles + ' articles in the corpus.');
    } catch (e) {
      status(e.status === 404 ? 'This server has no corpus: start it with `unspun serve --db FILE`.' : 'Cannot read the corpus: ' + e.message, true);
      return;
    }
    search();
  }

  start();
})();
