// FailberryPi dashboard: one request for /dashboard/data, four uPlot charts, the events of the day.
// Reloads every minute while the tab is visible; nothing at all while it is hidden.
'use strict';
(function () {
  const REFRESH_MS = 60000;
  const charts = {};

  // anything that went wrong on the page, also outside a data request (a script error, a file that did not
  // load, a refusal by the page's content security policy), is said on the page and in data-error
  function broken(what) {
    if (!document.body.dataset.error) document.body.dataset.error = what;
    const state = document.getElementById('state');
    if (state) { state.textContent = 'page error: ' + what; state.className = 'state bad'; }
  }
  window.addEventListener('error', e => broken(e.message ||
    ('could not load ' + ((e.target && (e.target.src || e.target.href)) || 'a file'))), true);
  window.addEventListener('unhandledrejection', e => broken(String(e.reason)));
  document.addEventListener('securitypolicyviolation', e => broken('refused by the page\'s policy: ' + e.blockedURI));

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function card(title, rows) {
    const c = el('div', null, 'card');
    c.appendChild(el('h3', title));
    const t = el('table');
    rows.filter(r => r && r[1] !== undefined && r[1] !== null && r[1] !== '').forEach(([k, v, cls]) => {
      const tr = el('tr');
      tr.appendChild(el('td', k));
      tr.appendChild(el('td', v, cls));
      t.appendChild(tr);
    });
    c.appendChild(t);
    return c;
  }

  function pct(w) {
    if (!w) return 'unknown';
    if (w.up_percent === null || w.up_percent === undefined) return 'unknown';
    const unknown = w.unknown_seconds > 0 ? ' (' + duration(w.unknown_seconds) + ' unknown)' : '';
    return w.up_percent.toFixed(2) + ' %' + unknown;
  }

  function duration(s) {
    s = Math.round(s);
    if (s >= 86400) return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
    if (s >= 3600) return Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
    if (s >= 60) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return s + ' s';
  }

  function bytes(b) {
    if (b === null || b === undefined) return null;
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
    return (i === 0 ? b : b.toFixed(1)) + ' ' + u[i];
  }

  function glance(s) {
    const state = document.getElementById('state');
    state.textContent = s.state + (s.healthy ? ' · healthy' : ' · ' + (s.unhealthy_reason || 'unhealthy'));
    state.className = 'state ' + (s.healthy ? 'ok' : 'bad');
    const g = document.getElementById('glance');
    g.replaceChildren();
    g.appendChild(card('State', [
      ['state', s.state, s.healthy ? 'ok' : 'bad'],
      ['why', s.state_reason],
      ['since', s.state_since],
      ['up', s.uptime_seconds !== undefined ? duration(s.uptime_seconds) : null]]));
    const m = s.modem || {};
    const sig = m.signal || {};
    g.appendChild(card('Modem', [
      ['modem', [m.manufacturer, m.model].filter(Boolean).join(' ') || m.state],
      ['network', m.registration ? m.registration + (m.operator ? ' on ' + m.operator : '') +
        (m.access_technology ? ' (' + m.access_technology + ')' : '') : null],
      ['signal', sig.rssi_dbm !== null && sig.rssi_dbm !== undefined ? sig.rssi_dbm + ' dBm (CSQ ' + sig.csq + ')' : 'unknown'],
      ['error', m.last_error, 'bad']]));
    const p = s.ppp || {};
    // the wired part of the status when the daemon checks the wired path, else what the history sampled
    const w = s.wired || { path: (s.history || {}).wired_path };
    g.appendChild(card('Links', [
      ['mobile', p.state ? p.state + (p.local_ip ? ' · ' + p.local_ip : '') : 'down'],
      ['verified', p.verified === true ? 'yes' + (p.probe_latency_ms !== null ? ' (' + p.probe_latency_ms + ' ms)' : '')
        : p.verified === false ? 'probes failing' : null, p.verified === false ? 'bad' : ''],
      ['wired path', w.path ? w.path + (w.reason ? ': ' + w.reason : '') : 'unknown', w.path === 'down' ? 'bad' : ''],
      ['DNS', s.dns ? (s.dns.record || '') + ' → ' + (s.dns.published_ip || 'nothing published') : null]]));
    const a = s.availability || {};
    const mob = a.mobile || {};
    const wir = a.wired || {};
    const blk = a.blocked_by_budget_seconds || {};
    g.appendChild(card('Uptime', [
      ['mobile 24 h', pct(mob['24h'])], ['mobile 7 d', pct(mob['7d'])], ['mobile 30 d', pct(mob['30d'])],
      ['wired 24 h', pct(wir['24h'])], ['wired 30 d', pct(wir['30d'])],
      ['budget block', blk['30d'] !== undefined ? duration(blk['30d']) + ' in 30 d' : null]]));
    const u = s.data_usage || {};
    const r = s.recovery || {};
    const last = r.last_action;
    g.appendChild(card('Data and recovery', [
      ['used', u.rx_bytes !== undefined ? bytes(u.rx_bytes + u.tx_bytes) +
        (u.cap_bytes ? ' of ' + bytes(u.cap_bytes) + ' (' + u.used_percent + ' %)' : '') : null, u.warning ? 'bad' : ''],
      ['recovery', r.level],
      ['last action', last ? last.action + ' at ' + last.time + ' (' + last.reason + ')' : 'none'],
      ['counts', 'redials ' + (r.redials || 0) + ' · resets ' + (r.modem_resets || 0) + ' · USB cycles ' +
        (r.usb_power_cycles || 0) + ' · reboots ' + (r.reboots || 0)]]));
  }

  function events(items) {
    const ol = document.getElementById('events');
    ol.replaceChildren();
    if (!items.length) ol.appendChild(el('li', 'nothing recorded in the last 24 hours'));
    items.forEach(i => ol.appendChild(el('li', i.text, i.kind === 'outage' || i.kind === 'never-up' ? 'outage' : '')));
  }

  function width(id) {
    return Math.max(300, document.getElementById(id).clientWidth || 480);
  }

  // Draws (or redraws) chart `id` over data columns; returns the number of plotted points.
  function chart(id, series, data, axes, range, yRange) {
    const box = document.getElementById(id);
    if (charts[id]) { charts[id].destroy(); delete charts[id]; }
    box.replaceChildren();
    const points = data.slice(1).reduce((n, col) => n + col.filter(v => v !== null && v !== undefined).length, 0);
    box.dataset.points = String(points);
    if (data[0].length === 0) {
      box.appendChild(el('div', 'no samples yet (one a minute; kept in memory since the daemon started)', 'empty'));
      return 0;
    }
    const opts = {
      width: width(id), height: 200, series: [{}].concat(series),
      axes: [{}].concat(axes || [{}]), scales: { x: { time: true, range: range }, y: yRange ? { range: yRange } : {} },
      legend: { live: true }, cursor: { drag: { x: true, y: false } },
    };
    charts[id] = new uPlot(opts, data, box);
    return points;
  }

  function render(d) {
    glance(d.status);
    events(d.events);
    const range = () => [d.since, d.now];
    const s = d.samples;
    const n1 = chart('chart-signal', [{ label: 'signal dBm', stroke: '#0969da', width: 1.5, spanGaps: false }],
      [s.t, s.rssi_dbm], [{ size: 50 }], range);
    const n2 = chart('chart-latency', [{ label: 'probe ms', stroke: '#8250df', width: 1.5 }],
      [s.t, s.latency_ms], [{ size: 50 }], range);
    const L = d.links;
    const step = uPlot.paths.stepped({ align: 1 });
    const names = { 3: 'mobile up', 2: 'mobile down', 1: 'wired up', 0: 'wired down' };
    const n3 = chart('chart-links', [
      { label: 'mobile', stroke: '#1a7f37', width: 2, paths: step, value: (u, v) => v === null ? 'unknown' : v === 3 ? 'up' : 'down' },
      { label: 'wired', stroke: '#0969da', width: 2, paths: step, value: (u, v) => v === null ? 'unknown' : v === 1 ? 'up' : 'down' }],
      [L.t, L.mobile.map(v => v === null ? null : v + 2), L.wired],
      [{ size: 90, splits: () => [0, 1, 2, 3], values: (u, sp) => sp.map(v => names[v] || '') }], range, [-0.3, 3.3]);
    const gib = v => v === null ? null : v / 1073741824;
    const cap = s.cap_bytes ? s.t.map(() => gib(s.cap_bytes)) : s.t.map(() => null);
    const n4 = chart('chart-data', [{ label: 'used GiB', stroke: '#bc4c00', width: 1.5, fill: 'rgba(188,76,0,0.08)' },
      { label: 'cap GiB', stroke: '#cf222e', dash: [6, 4], width: 1 }],
      [s.t, s.used_bytes.map(gib), cap], [{ size: 50 }], range);
    const st = d.status.history || {};
    document.getElementById('updated').textContent = 'updated ' + new Date(d.now * 1000).toLocaleString();
    document.getElementById('footer').textContent = 'journal ' + (st.journal || '') + ': ' + bytes(st.journal_bytes) +
      ', ' + (st.writes || 0) + ' writes this run · recorded since ' + ((d.status.availability || {}).recorded_since || '?') +
      ' · times in this browser\'s time zone';
    // for the browser test and for anyone scripting the page: what was drawn
    document.body.dataset.rendered = String(Object.keys(charts).length);
    document.body.dataset.points = [n1, n2, n3, n4].join(',');
    document.body.dataset.events = String(d.events.length);
  }

  function fail(e) {
    const state = document.getElementById('state');
    state.textContent = 'no answer from the daemon: ' + e.message;
    state.className = 'state bad';
    document.body.dataset.error = e.message;
  }

  function load() {
    return fetch('dashboard/data', { cache: 'no-store' })
      .then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(render).catch(fail);
  }

  load();
  setInterval(() => { if (!document.hidden) load(); }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) load(); });
})();
