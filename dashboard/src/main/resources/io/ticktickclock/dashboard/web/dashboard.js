// The TickTickClock dashboard page. Every value from the server is shown with textContent or drawn on a
// canvas, never parsed as HTML. Updates come as server-sent events; when the server says updates were lost
// ("resync") or the run is opened, the page fetches the run.
"use strict";
(() => {
  const MAX_ROWS = 1000;       // rows kept (the server keeps about as many in full)
  const TABLE_ROWS = 300;      // rows shown in the table
  const $ = (id) => document.getElementById(id);

  const state = {
    runs: new Map(),           // id -> summary
    selected: null,            // id of the run shown
    follow: true,              // show the newest run until the user picks one
    rows: [],                  // supersteps of the selected run, oldest first
    older: [],                 // summarized older supersteps of the selected run
    detail: null,              // summary of the selected run
    receivedAt: 0,             // performance.now() when detail arrived (to tick the elapsed time)
    plot: null,
    seriesPlots: new Map(),    // series name -> { plot, log, box }
    dirty: false,
    loading: 0,                // token of the detail fetch in flight (0: none)
    pending: [],               // updates of the selected run that arrived while it was being fetched
  };
  let tokens = 0;

  // ---- formatting -------------------------------------------------------------------------------------------
  function time(ns) {
    if (ns == null || !isFinite(ns)) return "";
    if (ns >= 1e9) return (ns / 1e9).toFixed(2) + " s";
    if (ns >= 1e6) return (ns / 1e6).toFixed(2) + " ms";
    if (ns >= 1e3) return (ns / 1e3).toFixed(1) + " µs";
    return Math.round(ns) + " ns";
  }
  const count = (n) => (n == null ? "" : Number(n).toLocaleString("en-US"));
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // ---- data -------------------------------------------------------------------------------------------------
  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }

  async function loadRuns() {
    const list = await getJson("/api/runs");
    const known = state.runs;
    state.runs = new Map();
    for (const r of list.runs) {
      // An update may have overtaken the list on its way: keep the newer view of each run.
      const k = known.get(r.id);
      state.runs.set(r.id, k && k.version > r.version ? k : r);
    }
    if (state.follow || !state.runs.has(state.selected)) pickNewest();
    schedule();
  }

  function pickNewest() {
    let newest = null;
    for (const id of state.runs.keys()) newest = newest == null ? id : Math.max(newest, id);
    if (newest != null && newest !== state.selected) select(newest, false);
  }

  // Fetches the selected run. Updates that arrive meanwhile wait, and are applied afterwards if they are
  // newer than what was fetched, so an older view never replaces a newer one.
  async function loadDetail() {
    const id = state.selected;
    if (id == null) return;
    const token = ++tokens;
    state.loading = token;
    state.pending = [];
    try {
      const d = await getJson("/api/runs/" + encodeURIComponent(id));
      if (token !== state.loading) return;
      state.loading = 0;
      if (id !== state.selected) return;
      state.detail = d.run;
      state.runs.set(d.run.id, d.run);
      state.rows = d.supersteps;
      state.older = d.olderSupersteps;
      state.receivedAt = performance.now();
      const pending = state.pending;
      state.pending = [];
      for (const u of pending) if (u.run.version > d.run.version) onUpdate(u);
      schedule();
    } catch (e) {
      if (token !== state.loading) return;
      state.loading = 0;
      // The run may have been forgotten (the dashboard keeps a bounded number): show the newest instead.
      state.follow = true;
      loadRuns().catch(() => {});
    }
  }

  function select(id, byUser) {
    if (byUser) state.follow = false;
    state.selected = id;
    state.detail = state.runs.get(id) || null;
    state.rows = [];
    state.older = [];
    if (state.plot) { state.plot.destroy(); state.plot = null; }
    for (const s of state.seriesPlots.values()) if (s.plot) s.plot.destroy();
    state.seriesPlots.clear();
    $("series-charts").replaceChildren();
    loadDetail();
    schedule();
  }

  function onUpdate(u) {
    const known = state.runs.get(u.run.id);
    if (!known || known.version <= u.run.version) state.runs.set(u.run.id, u.run);
    if (state.follow && (state.selected == null || u.run.id > state.selected)) {
      select(u.run.id, false);
      return;
    }
    if (u.run.id !== state.selected) { schedule(); return; }
    if (state.loading) { state.pending.push(u); return; }
    if (state.detail && state.detail.version > u.run.version) return;
    state.detail = u.run;
    state.receivedAt = performance.now();
    const last = state.rows.length ? state.rows[state.rows.length - 1].superstep : -1;
    // Supersteps faster than the updates leave gaps (an update carries the newest 100): the views go on
    // from the newest, and the gap's supersteps stay in /api/runs/{id} (and its summary buckets).
    const fresh = u.supersteps.filter((r) => r.superstep > last);
    for (const r of fresh) state.rows.push(r);
    if (state.rows.length > MAX_ROWS) state.rows.splice(0, state.rows.length - MAX_ROWS);
    schedule();
  }

  function connect() {
    const source = new EventSource("/events");
    source.addEventListener("open", () => { $("connection").textContent = "live"; $("connection").className = "connection live"; });
    source.addEventListener("error", () => { $("connection").textContent = "reconnecting…"; $("connection").className = "connection"; });
    source.addEventListener("hello", () => { loadRuns().then(loadDetail).catch(() => {}); });
    source.addEventListener("resync", () => { loadRuns().then(loadDetail).catch(() => {}); });
    source.addEventListener("busy", () => { $("connection").textContent = "too many browsers connected"; });
    source.addEventListener("run", (e) => onUpdate(JSON.parse(e.data)));
  }

  // ---- rendering --------------------------------------------------------------------------------------------
  function schedule() {
    if (!state.dirty) { state.dirty = true; requestAnimationFrame(render); }
  }

  function render() {
    state.dirty = false;
    renderRuns();
    const d = state.detail;
    $("main").hidden = d == null;
    if (d == null) return;
    renderRun(d);
    renderCost(d);
    renderChart();
    renderSeries(d);
    renderHeat($("heat-compute"), "computeByProcessor", [31, 95, 191]);
    renderHeat($("heat-barrier"), "barrierByProcessor", [217, 119, 6]);
    renderTable(d);
  }

  function renderRuns() {
    const ol = $("runs");
    ol.replaceChildren();
    const ids = [...state.runs.keys()].sort((a, b) => b - a);
    $("no-runs").hidden = ids.length > 0;
    for (const id of ids) {
      const r = state.runs.get(id);
      const b = el("button");
      b.type = "button";
      b.dataset.run = String(id);
      b.setAttribute("aria-current", String(id === state.selected));
      b.append(el("span", "#" + id + " " + r.program + " "), el("span", r.state, "state state-" + r.state));
      b.addEventListener("click", () => select(id, true));
      const li = el("li");
      li.append(b);
      ol.append(li);
    }
  }

  function renderRun(d) {
    $("run-program").textContent = d.program;
    const st = $("run-state");
    st.textContent = d.state;
    st.className = "state state-" + d.state;
    $("run-id").textContent = "#" + d.id + (d.runId ? " (" + d.runId + ")" : "");
    $("run-processors").textContent = d.processors;
    $("run-engine").textContent = d.engine + (d.workers && d.workers.length ? " on " + d.workers.join(", ") : "");
    $("run-supersteps").textContent = count(d.supersteps);
    $("run-last").textContent = d.supersteps > 0 ? (d.supersteps - 1) + " (" + d.lastSuperstepName + ")" : "none yet";
    const extra = d.state === "running" ? (performance.now() - state.receivedAt) * 1e6 : 0;
    $("run-elapsed").textContent = time(d.elapsedNanos + extra);
    $("run-slow").textContent = count(d.slowSupersteps);
    const ck = d.checkpoints;
    $("run-checkpoints-label").hidden = $("run-checkpoints").hidden = !ck;
    $("run-recovery").hidden = !ck || ck.events.length === 0;
    if (ck) {
      $("run-checkpoints").textContent = ck.written === 0 ? "none written"
          : count(ck.written) + " written, the newest at superstep " + ck.lastSuperstep + " (" + count(ck.lastBytes) + " bytes)";
      const list = $("run-recovery");
      list.replaceChildren(...ck.events.map(e => {
        const li = document.createElement("li");
        li.textContent = e;   // textContent: the text is never markup
        return li;
      }));
    }
    const s = d.currentSlow;
    $("run-straggler").hidden = !s;
    if (s) {
      $("run-straggler").textContent = "superstep " + s.superstep + " is slow (" + time(s.elapsedNanos)
        + " so far): processors " + s.lateProcessors.join(", ") + " have not reached its barrier";
    }
    $("run-error").hidden = !d.error;
    $("run-error-message").textContent = d.error || "";
    $("run-error-detail").hidden = !d.errorDetail;
    $("run-error-detail").textContent = d.errorDetail || "";
  }

  const ADVICE = {
    LATENCY: "bound by latency: the barrier cost l dominates. Fewer, larger supersteps (more work per superstep) or fewer processors help.",
    COMMUNICATION: "bound by communication: h·g dominates. Send fewer words (combine at the sender, send to fewer processors) or use fewer processors.",
    IMBALANCE: "bound by imbalance: the slowest processor's excess work dominates. Partition the work more evenly (see the heat map for the straggler).",
    COMPUTE: "bound by computation: the balanced work dominates. More processors help, as long as h·g + l stay small.",
  };

  function renderCost(d) {
    const c = d.cost;
    $("cost").hidden = !c;
    $("main").classList.toggle("no-profile", !c);
    if (!c) return;
    $("cost-text").textContent = "measured " + time(c.measuredNanos) + ", predicted " + time(c.predictedNanos)
      + " with g = " + c.gNanosPerWord.toFixed(3) + " ns/word, l = " + time(c.lNanos) + " (profile measured at P = "
      + c.profileProcessors + (c.profileMatches ? ")" : "; this run has P = " + d.processors + ", so the prediction is rough)")
      + (c.profileWarnings.length ? ". The profile is not trusted: " + c.profileWarnings.join("; ") : "");
    const parts = Object.entries(c.bounds).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    $("cost-bounds").textContent = parts.length
      ? "supersteps bound by " + parts.map(([k, n]) => k.toLowerCase() + ": " + count(n)).join(", ")
      : "";
    $("cost-advice").textContent = parts.length ? ADVICE[parts[0][0]] || "" : "";
  }

  function chartData() {
    const x = [], compute = [], comm = [], total = [];
    for (const r of state.rows) {
      x.push(r.superstep);
      const a = r.computeNanos / 1e6, b = r.communicateNanos / 1e6, w = r.barrierNanos / 1e6;
      compute.push(a);
      comm.push(a + b);
      total.push(a + b + w);
    }
    return [x, total, comm, compute];
  }

  function renderChart() {
    if (typeof uPlot === "undefined") return;
    const box = $("chart");
    const data = chartData();
    if (!state.plot) {
      // Stacked by hand (uPlot draws each series from 0): the cumulative sums, the largest drawn first.
      const raw = (key) => (u, v, si, i) => (i == null || state.rows[i] == null ? "--" : time(state.rows[i][key]));
      state.plot = new uPlot({
        width: Math.max(300, box.clientWidth || 900),
        height: 240,
        scales: { x: { time: false } },
        axes: [{ label: "superstep" }, { label: "ms" }],
        series: [
          { label: "superstep" },
          { label: "barrier wait", stroke: "#d97706", fill: "rgba(217,119,6,0.35)", value: raw("barrierNanos"), points: { show: false } },
          { label: "communicate", stroke: "#7c3aed", fill: "rgba(124,58,237,0.35)", value: raw("communicateNanos"), points: { show: false } },
          { label: "compute", stroke: "#1f5fbf", fill: "rgba(31,95,191,0.45)", value: raw("computeNanos"), points: { show: false } },
        ],
      }, data, box);
    } else {
      state.plot.setData(data);
    }
    box.dataset.points = String(data[0].length);
  }

  // A value as the server wrote it: a number, or "NaN" / "Infinity" / "-Infinity" as a string.
  const num = (v) => (v == null ? null : Number(v));

  function seriesValue(v) {
    if (v == null) return "";
    if (!isFinite(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(6)));
  }

  // The points of one series: the summarized older supersteps (each bucket's last value), then the rows.
  function seriesData(name) {
    const x = [], y = [];
    const add = (at, values) => {
      if (values && name in values) {
        const v = num(values[name]);
        x.push(at);
        y.push(isFinite(v) ? v : null);
      }
    };
    for (const b of state.older) add(b.last, b.series);
    for (const r of state.rows) add(r.superstep, r.series);
    return [x, y];
  }

  // Log scale when every value is positive and they span at least two decades (a residual that converges).
  function wantsLog(y) {
    let min = Infinity, max = -Infinity;
    for (const v of y) {
      if (v == null) continue;
      if (v <= 0) return false;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max / min >= 100;
  }

  function renderSeries(d) {
    const names = d.series ? Object.keys(d.series) : [];
    $("series").hidden = names.length === 0;
    const host = $("series-charts");
    for (const name of names) {
      let s = state.seriesPlots.get(name);
      if (!s) {
        const box = el("div", null, "series");
        box.dataset.series = name;
        const title = el("h3");
        title.append(el("span", name + " "), el("span", "", "value"));
        box.append(title, el("div", null, "series-chart"));
        host.append(box);
        s = { plot: null, log: false, box };
        state.seriesPlots.set(name, s);
      }
      s.box.querySelector(".value").textContent = "newest: " + seriesValue(num(d.series[name]));
      const data = seriesData(name);
      s.box.dataset.points = String(data[0].length);
      if (typeof uPlot === "undefined" || data[0].length < 2) continue;
      const log = wantsLog(data[1]);
      if (s.plot && s.log !== log) { s.plot.destroy(); s.plot = null; }
      s.log = log;
      s.box.dataset.scale = log ? "log" : "linear";
      // A log scale is drawn as log10 of the values on a linear axis with whole-decade ticks (uPlot's own log
      // scale failed on series spanning tens of decades).
      if (log) data[1] = data[1].map((v) => (v == null ? null : Math.log10(v)));
      const shown = (v) => (v == null ? "--" : seriesValue(log ? Math.pow(10, v) : v));
      if (!s.plot) {
        s.plot = new uPlot({
          width: 440,
          height: 180,
          scales: { x: { time: false } },
          axes: [
            { label: "superstep" },
            log ? { size: 60, incrs: [1, 2, 5, 10, 20, 50, 100], values: (u, vals) => vals.map((v) => "1e" + v) }
                : { size: 70, values: (u, vals) => vals.map(seriesValue) },
          ],
          series: [{ label: "superstep" }, { label: name, stroke: "#0f766e", width: 2, value: (u, v) => shown(v) }],
        }, data, s.box.querySelector(".series-chart"));
      } else {
        s.plot.setData(data);
      }
    }
  }

  function renderHeat(canvas, key, rgb) {
    const d = state.detail;
    const p = d.processors;
    const width = canvas.clientWidth || 900;
    const cols = Math.min(state.rows.length, Math.floor(width / 3));
    const rows = state.rows.slice(state.rows.length - cols);
    const cellW = cols ? Math.max(3, Math.floor(width / cols)) : 3;
    const cellH = Math.max(3, Math.min(20, Math.floor(160 / p)));
    canvas.width = Math.max(1, cols * cellW);
    canvas.height = p * cellH + 4;
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, canvas.width, canvas.height);
    let max = 0;
    for (const r of rows) for (const v of r[key]) max = Math.max(max, v);
    rows.forEach((r, c) => {
      const late = r.lateProcessors ? new Set(r.lateProcessors) : null;
      if (late) { g.fillStyle = "#c62828"; g.fillRect(c * cellW, 0, cellW, 3); }
      for (let i = 0; i < p; i++) {
        const f = max > 0 ? (r[key][i] || 0) / max : 0;
        g.fillStyle = "rgb(" + rgb.map((v) => Math.round(255 - (255 - v) * f)).join(",") + ")";
        g.fillRect(c * cellW, 4 + i * cellH, cellW, cellH);
        if (late && late.has(i)) {
          g.strokeStyle = "#c62828";
          g.strokeRect(c * cellW + 0.5, 4 + i * cellH + 0.5, cellW - 1, cellH - 1);
        }
      }
    });
    canvas.dataset.columns = String(cols);
    canvas.dataset.rows = String(p);
    canvas.dataset.firstSuperstep = rows.length ? String(rows[0].superstep) : "";
    canvas.setAttribute("aria-label", (key === "barrierByProcessor" ? "barrier wait" : "compute time") + " of " + p
      + " processors over " + cols + " supersteps");
  }

  function renderTable(d) {
    const body = $("supersteps");
    const frag = document.createDocumentFragment();
    const shown = state.rows.slice(-TABLE_ROWS).reverse();
    for (const r of shown) {
      const tr = el("tr", null, "superstep-row" + (r.lateProcessors ? " slow" : ""));
      tr.dataset.superstep = String(r.superstep);
      const pr = r.prediction;
      tr.append(
        el("td", r.superstep), el("td", r.name, "name"), el("td", time(r.durationNanos)),
        el("td", time(r.computeNanos)), el("td", time(r.communicateNanos)), el("td", time(r.barrierNanos)),
        el("td", count(r.messages)), el("td", count(r.words)), el("td", count(r.hWords)),
        el("td", pr ? time(pr.predictedNanos) : "", "pred"), el("td", pr ? pr.errorPercent.toFixed(0) + "%" : "", "pred"),
        el("td", pr ? pr.bound.toLowerCase() : "", "pred"),
        el("td", r.lateProcessors ? "late: " + r.lateProcessors.join(", ") : ""));
      frag.append(tr);
    }
    body.replaceChildren(frag);
    const older = state.older;
    $("older").hidden = older.length === 0;
    if (older.length) {
      const n = older.reduce((s, b) => s + b.count, 0);
      const sum = older.reduce((s, b) => s + b.sumDurationNanos, 0);
      $("older").textContent = count(n) + " older supersteps (" + older[0].first + " to " + older[older.length - 1].last
        + ") summarized: " + time(sum) + " in all, " + time(sum / n) + " on average";
    }
  }

  // The elapsed time of a running run ticks between updates.
  setInterval(() => { if (state.detail && state.detail.state === "running") renderRun(state.detail); }, 500);
  loadRuns().catch(() => {});
  connect();
})();
