import { HOVER_EVENTS } from './timelineModel';

/**
 * The timeline webview's HTML: strict CSP (no remote content, scripts only by nonce), colours from
 * the editor theme's `--vscode-*` variables. The data arrives by postMessage; the inline script
 * draws SVG: one bar per pod coloured by status, restart marks, probe failures, and per Deployment
 * the pod count of each ReplicaSet over time. Hover shows status and events; click selects the pod.
 */
export function timelineHtml(nonce: string, cspSource: string, title: string, empty = 'Run a dry run to see the timeline.'): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; padding: 8px 12px; }
  h2 { font-size: 1.1em; margin: 12px 0 4px; font-weight: 600; }
  .meta { color: var(--vscode-descriptionForeground); margin-bottom: 8px; }
  svg { display: block; overflow: visible; }
  .label { fill: var(--vscode-foreground); font-size: 12px; dominant-baseline: middle; cursor: pointer; }
  .label.gone { fill: var(--vscode-disabledForeground); }
  .label.toggle { fill: var(--vscode-textLink-foreground); }
  .axis { stroke: var(--vscode-panel-border, var(--vscode-editorWidget-border)); }
  .tick { fill: var(--vscode-descriptionForeground); font-size: 10px; }
  .seg { cursor: pointer; }
  .seg.ok { fill: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
  .seg.progressing { fill: var(--vscode-charts-yellow); }
  .seg.failing { fill: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
  .seg.completed { fill: var(--vscode-disabledForeground); }
  .restart { stroke: var(--vscode-editor-foreground); stroke-width: 2; }
  .probe { fill: var(--vscode-charts-orange); }
  .now { stroke: var(--vscode-focusBorder); stroke-dasharray: 3 3; }
  .rs { fill: none; stroke-width: 2; }
  .legend span { margin-right: 12px; }
  .sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
  .sw.ok { background: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
  .sw.progressing { background: var(--vscode-charts-yellow); }
  .sw.failing { background: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
  .sw.completed { background: var(--vscode-disabledForeground); }
  #tip { position: fixed; display: none; max-width: 460px; padding: 6px 8px; pointer-events: none; z-index: 10;
    background: var(--vscode-editorHoverWidget-background); color: var(--vscode-editorHoverWidget-foreground);
    border: 1px solid var(--vscode-editorHoverWidget-border); font-size: 12px; white-space: pre-wrap; }
  .empty { color: var(--vscode-descriptionForeground); }
  .focus .label { font-weight: 700; fill: var(--vscode-textLink-foreground); }
  .focusband { fill: var(--vscode-editor-selectionHighlightBackground, rgba(128,128,128,0.2)); }
</style>
</head>
<body>
<div id="root"><p class="empty">${escapeHtml(empty)}</p></div>
<div id="tip" role="tooltip"></div>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const root = document.getElementById('root');
  const tip = document.getElementById('tip');
  const fmt = (s) => { s = Math.round(s); if (s < 60) return s + 's'; const m = Math.floor(s / 60), r = s % 60; return m + 'm' + (r ? r + 's' : ''); };
  const el = (name, attrs, parent) => { const e = document.createElementNS(NS, name); for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; };
  function showTip(ev, text) { tip.textContent = text; tip.style.display = 'block'; tip.style.left = Math.min(ev.clientX + 12, window.innerWidth - 470) + 'px'; tip.style.top = (ev.clientY + 14) + 'px'; }
  function hideTip() { tip.style.display = 'none'; }
  function axis(svg, x0, width, end, y) {
    el('line', { x1: x0, x2: x0 + width, y1: y, y2: y, class: 'axis' }, svg);
    const step = [5, 10, 30, 60, 120, 300, 600, 1800, 3600].find((s) => end / s <= 10) || 7200;
    for (let t = 0; t <= end; t += step) {
      const x = x0 + (t / end) * width;
      el('line', { x1: x, x2: x, y1: y, y2: y + 4, class: 'axis' }, svg);
      const tx = el('text', { x: x, y: y + 14, class: 'tick', 'text-anchor': 'middle' }, svg); tx.textContent = fmt(t);
    }
  }
  function render(data) {
    root.textContent = '';
    const m = data.model;
    const end = Math.max(m.end, 1);
    const meta = document.createElement('div'); meta.className = 'meta';
    meta.textContent = data.labels.at + ' ' + fmt(m.end) + ' · ' + (m.pods ?? m.bars.length) + ' ' + data.labels.pods + (m.aggregated ? ' · ' + data.labels.aggregated.replace('{0}', m.bars.filter((b) => !b.parent).length) : '') + (data.diverged ? ' · ' + data.labels.diverged : '');
    root.appendChild(meta);
    const legend = document.createElement('div'); legend.className = 'legend';
    for (const h of ['ok', 'progressing', 'failing', 'completed']) { const s = document.createElement('span'); const sw = document.createElement('span'); sw.className = 'sw ' + h; s.appendChild(sw); s.appendChild(document.createTextNode(data.labels[h])); legend.appendChild(s); }
    root.appendChild(legend);
    if (!m.bars.length) { const p = document.createElement('p'); p.className = 'empty'; p.textContent = data.labels.noPods; root.appendChild(p); return; }
    const labelW = Math.min(320, 40 + Math.max(...m.bars.map((b) => b.name.length)) * 7);
    const width = Math.max(240, document.body.clientWidth - labelW - 64);
    const h2 = document.createElement('h2'); h2.textContent = data.labels.podsTitle; root.appendChild(h2);
    const rowH = 22;
    const svg = el('svg', { width: labelW + width + 20, height: m.bars.length * rowH + 30 });
    svg.setAttribute('aria-label', data.labels.podsTitle);
    m.bars.forEach((b, i) => {
      const y = i * rowH + 4;
      const focus = data.focus || [];
      const focused = focus.includes(b.key) || (b.pods || []).some((k) => focus.includes(k));
      if (focused) el('rect', { x: 0, y: y - 3, width: labelW + width + 20, height: rowH, class: 'focusband' }, svg);
      const g = el('g', { 'data-pod': b.key, class: focused ? 'focus' : '' }, svg);
      // An aggregated row opens (and closes) its pods' rows; a "more" row shows the next page of them.
      const isGroup = !!b.pods && !b.parent;
      const label = el('text', { x: b.parent ? 14 : 0, y: y + 8, class: 'label' + (b.present ? '' : ' gone') + (isGroup || b.more ? ' toggle' : ''), tabindex: isGroup || b.more ? 0 : -1 }, g);
      const shortName = b.group && b.name.startsWith(b.group + '-') ? b.group + ' / …' + b.name.slice(b.group.length + 1) : b.name;
      label.textContent = b.more ? '+ ' + b.more + ' ' + data.labels.pods + ' …' : isGroup ? (b.expanded ? '▾ ' : '▸ ') + b.name : shortName;
      el('title', {}, label).textContent = b.more ? b.namespace + ': +' + b.more : b.namespace + '/' + b.name;
      const activate = () => {
        if (b.more) vscode.postMessage({ type: 'moreOfGroup', key: b.parent });
        else if (isGroup) vscode.postMessage({ type: 'toggleGroup', key: b.key });
        else vscode.postMessage({ type: 'selectPod', namespace: b.namespace, name: b.name });
      };
      label.addEventListener('click', activate);
      label.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); activate(); } });
      for (const s of b.segments) {
        const x = labelW + (s.start / end) * width;
        const w = Math.max(1, ((s.end - s.start) / end) * width);
        const r = el('rect', { x: x, y: y, width: w, height: 16, rx: 2, class: 'seg ' + s.health, tabindex: 0 }, g);
        const events = b.events.filter((e) => e.time >= s.start && e.time <= s.end).slice(-${HOVER_EVENTS}).map((e) => '+' + fmt(e.time) + ' ' + e.reason + ': ' + e.message);
        const text = b.name + '\\n' + s.status + '  ' + fmt(s.start) + ' – ' + fmt(s.end) + (events.length ? '\\n\\n' + events.join('\\n') : '');
        r.addEventListener('mousemove', (ev) => showTip(ev, text));
        r.addEventListener('mouseleave', hideTip);
        r.addEventListener('click', () => (isGroup ? vscode.postMessage({ type: 'toggleGroup', key: b.key }) : vscode.postMessage({ type: 'selectPod', namespace: b.namespace, name: b.name })));
      }
      for (const t of b.restarts) {
        const x = labelW + (t / end) * width;
        const l = el('line', { x1: x, x2: x, y1: y - 2, y2: y + 18, class: 'restart' }, g);
        l.addEventListener('mousemove', (ev) => showTip(ev, data.labels.restart + ' +' + fmt(t)));
        l.addEventListener('mouseleave', hideTip);
      }
      for (const p of b.probeFailures) {
        const x = labelW + (p.time / end) * width;
        const c = el('path', { d: 'M' + x + ' ' + (y + 12) + ' l4 6 l-8 0 z', class: 'probe' }, g);
        c.addEventListener('mousemove', (ev) => showTip(ev, '+' + fmt(p.time) + ' ' + p.message));
        c.addEventListener('mouseleave', hideTip);
      }
    });
    axis(svg, labelW, width, end, m.bars.length * rowH + 6);
    root.appendChild(svg);
    const first = svg.querySelector('g.focus');
    if (first) first.scrollIntoView({ block: 'center' });
    if (m.omittedDeployments) { const p = document.createElement('p'); p.className = 'empty'; p.textContent = data.labels.omitted.replace('{0}', m.omittedDeployments); root.appendChild(p); }
    for (const d of m.deployments) {
      if (!d.replicaSets.length) continue;
      const h = document.createElement('h2'); h.textContent = data.labels.replicaSets.replace('{0}', d.deployment); root.appendChild(h);
      const max = Math.max(1, ...d.replicaSets.flatMap((r) => r.points.map((p) => p.count)));
      const H = 70;
      const s2 = el('svg', { width: labelW + width + 20, height: H + 30 + d.replicaSets.length * 16 });
      const colours = ['--vscode-charts-blue', '--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-orange', '--vscode-charts-red'];
      d.replicaSets.forEach((rs, i) => {
        const colour = 'var(' + colours[i % colours.length] + ')';
        let dpath = '';
        rs.points.forEach((p, j) => {
          const x = labelW + (p.time / end) * width;
          const y = 4 + H - (p.count / max) * H;
          dpath += (j === 0 ? 'M' : 'H' + x + ' V') + (j === 0 ? x + ' ' + y : y) + ' ';
        });
        if (rs.points.length) dpath += 'H' + (labelW + width);
        const path = el('path', { d: dpath, class: 'rs', stroke: colour }, s2);
        path.style.stroke = colour;
        const counts = rs.points.map((p) => '+' + fmt(p.time) + ': ' + p.count).join('\\n');
        path.addEventListener('mousemove', (ev) => showTip(ev, rs.name + (rs.revision ? ' (revision ' + rs.revision + ')' : '') + '\\n' + counts));
        path.addEventListener('mouseleave', hideTip);
        const lt = el('text', { x: 0, y: H + 34 + i * 16, class: 'label' }, s2);
        lt.textContent = '— ' + rs.name + (rs.revision ? ' (rev ' + rs.revision + ')' : '') + ': ' + (rs.points.length ? rs.points[rs.points.length - 1].count : 0);
        lt.style.fill = colour;
      });
      const maxT = el('text', { x: labelW - 6, y: 8, class: 'tick', 'text-anchor': 'end' }, s2); maxT.textContent = String(max);
      axis(s2, labelW, width, end, H + 6);
      root.appendChild(s2);
    }
  }
  let lastData;
  window.addEventListener('message', (e) => { if (e.data && e.data.type === 'render') { lastData = e.data; render(e.data); } });
  let resizeTimer;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => lastData && render(lastData), 100); });
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
