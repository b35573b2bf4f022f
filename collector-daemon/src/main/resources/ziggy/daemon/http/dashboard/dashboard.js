// ziggyd's live dashboard: polls /dashboard.json (see ziggy.daemon.http.DashboardData) and computes
// rates from successive counts, in the daemon's own time (its uptime), so a slow poll or the browser's
// clock cannot skew them. Every text that comes from events (type names, summaries) goes in through
// textContent, never as HTML.
(() => {
  "use strict";

  const POLL_MS = 1000;       // how often to ask
  const TIMEOUT_MS = 2500;    // a poll that takes longer has failed
  const WINDOW_S = 60;        // the chart's span
  const RATE_S = 5;           // the table's rate: events per second over this many seconds
  const MAX_SERIES = 8;       // types drawn in the chart, the busiest over the window
  const COLORS = ["#2f6fde", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#1098ad", "#5c940d", "#d6336c"];

  /** Distinct snapshots, oldest first: {uptime, now, total, counts: {type: count}}. */
  let samples = [];
  let chart = null;
  let chartKey = "";

  const $ = (id) => document.getElementById(id);

  function poll() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    fetch("/dashboard.json", { cache: "no-store", signal: abort.signal })
      .then((response) => {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then((data) => {
        connection(true, "live");
        show(data);
      })
      .catch((error) => connection(false, "no answer from ziggyd (" + (error.name === "AbortError" ? "timed out" : error.message) + "); retrying"))
      .finally(() => {
        clearTimeout(timer);
        setTimeout(poll, POLL_MS);
      });
  }

  function connection(live, text) {
    const state = $("connection");
    state.textContent = text;
    state.className = "state " + (live ? "live" : "down");
  }

  function remember(data) {
    const counts = {};
    for (const [type, tally] of Object.entries(data.events || {})) {
      counts[type] = tally.count;
    }
    const sample = { uptime: data.uptime, now: data.now, total: data.total ? data.total.events : 0, counts };
    const latest = samples[samples.length - 1];
    if (latest && sample.uptime < latest.uptime) {
      samples = []; // the daemon restarted: its counts began again
    } else if (latest && sample.uptime === latest.uptime) {
      return false; // the same STATUS as last time (HTTP builds it at most every 250 ms)
    }
    samples.push(sample);
    while (samples.length > 2 && samples[1].uptime < sample.uptime - WINDOW_S) {
      samples.shift();
    }
    return true;
  }

  /** Events per second of `pick(sample)` from `older` to `newer`; null without two samples. */
  function rate(older, newer, pick) {
    if (!older || !newer || newer.uptime <= older.uptime) {
      return null;
    }
    return Math.max(0, ((pick(newer) || 0) - (pick(older) || 0)) / (newer.uptime - older.uptime));
  }

  /** The oldest sample within RATE_S of the latest, but never the latest itself. */
  function rateBase() {
    const latest = samples[samples.length - 1];
    for (let i = 0; i < samples.length - 1; i++) {
      if (samples[i].uptime >= latest.uptime - RATE_S - 0.5) {
        return samples[i];
      }
    }
    return samples.length > 1 ? samples[samples.length - 2] : null;
  }

  function show(data) {
    const fresh = remember(data);
    $("host").textContent = location.host;
    $("identity").textContent = (data.role || "?") + " · ziggyd " + (data.version || "?") + " · up " + duration(data.uptime);
    document.title = "ziggyd " + location.host;
    const latest = samples[samples.length - 1];
    const base = rateBase();
    overview(data, rate(base, latest, (s) => s.total));
    failed(data.failed || {});
    types(data, base, latest);
    keyValues($("rejected"), Object.entries(data.rejected || {}).filter(([, n]) => n > 0), "none");
    agent(data);
    outputs(data);
    summaries(data.summaries);
    if (fresh) {
      draw();
    }
  }

  function overview(data, totalRate) {
    const rejected = Object.values(data.rejected || {}).reduce((a, b) => a + b, 0);
    const cards = [
      ["events", number(data.total ? data.total.events : 0)],
      ["events/s", totalRate === null ? "…" : rateText(totalRate)],
      ["lag", data.lag === null || data.lag === undefined ? "—" : seconds(data.lag)],
      ["last event", data.last === null || data.last === undefined ? "never" : ago(data.now - data.last)],
      ["rejected", number(rejected), rejected > 0],
    ];
    if (data.queue) {
      cards.push(["queued", number(data.queue.events)]);
    }
    if (data.forward) {
      cards.push(["upstream", data.forward.connected ? "connected" : "disconnected", !data.forward.connected]);
    }
    const section = $("overview");
    section.replaceChildren(...cards.map(([label, value, bad]) => {
      const card = element("div", "card" + (bad ? " bad" : ""));
      card.dataset.card = label;
      card.append(element("div", "label", label), element("div", "value", value));
      return card;
    }));
  }

  function failed(parts) {
    const entries = Object.entries(parts);
    $("failed-section").hidden = entries.length === 0;
    $("failed").tBodies[0].replaceChildren(...entries.map(([part, failure]) =>
      row([part, failure.reason, number(failure.count)], ["", "bad", "num"])));
  }

  function types(data, base, latest) {
    const now = data.now;
    const rows = Object.entries(data.events || {})
      .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b))
      .map(([type, tally]) => {
        const r = rate(base, latest, (s) => s.counts[type]);
        const tr = row([type, number(tally.count), r === null ? "…" : rateText(r),
          tally.last === null ? "—" : ago(now - tally.last)], ["type", "num count", "num rate", "num last"]);
        tr.dataset.type = type;
        return tr;
      });
    if (rows.length === 0) {
      rows.push(row(["no events yet", "", "", ""], ["muted", "", "", ""]));
    }
    $("types").tBodies[0].replaceChildren(...rows);
  }

  function agent(data) {
    $("agent-section").hidden = !data.queue && !data.forward;
    if (data.queue) {
      const q = data.queue;
      keyValues($("queue"), [["events", number(q.events)], ["bytes", bytes(q.bytes)],
        ["oldest", q.oldest_age === null || q.oldest_age === undefined ? "—" : seconds(q.oldest_age)],
        ["segments", number(q.segments)], ["dropped", number(q.dropped)], ["rejected", number(q.rejected)],
        ["corrupt", number(q.corrupt)]].filter(([, v]) => v !== "undefined"));
    }
    if (data.forward) {
      const f = data.forward;
      keyValues($("forward"), [["upstream", f.upstream], ["connected", f.connected ? "yes" : "no"],
        ["mode", f.mode], ["sent", number(f.sent_seq)], ["acknowledged", number(f.acknowledged_seq)],
        ["unacknowledged", number(Math.max(0, (f.sent_seq || 0) - (f.acknowledged_seq || 0)))],
        ["resends", number(f.resends)], ["failovers", number(f.failovers)]]);
      const connected = $("forward").querySelector("tr:nth-child(2) td:last-child");
      connected.classList.toggle("bad", !f.connected);
    }
  }

  function outputs(data) {
    const stdout = data.stdout && data.stdout.format && data.stdout.format !== "off" ? data.stdout : null;
    const python = data.python_logging && data.python_logging.endpoint ? data.python_logging : null;
    $("outputs-section").hidden = !stdout && !python;
    $("stdout-section").hidden = !stdout;
    $("python-section").hidden = !python;
    if (stdout) {
      keyValues($("stdout"), flat(stdout));
    }
    if (python) {
      keyValues($("python_logging"), flat(python));
    }
  }

  /** The latest ziggy.summary body per type, when STATUS has them (the summary processor). */
  function summaries(latest) {
    const entries = Object.entries(latest || {});
    $("summaries-section").hidden = entries.length === 0;
    $("summaries").replaceChildren(...entries.map(([type, body]) => {
      const box = element("div", "summary");
      box.dataset.type = type;
      const head = [type];
      if (typeof body.count === "number") {
        head.push(number(body.count) + " events");
      }
      if (typeof body.rate === "number") {
        head.push(rateText(body.rate) + "/s");
      }
      if (typeof body.to === "number") {
        head.push("to " + new Date(body.to * 1000).toISOString().replace(".000Z", "Z"));
      }
      const rest = Object.assign({}, body);
      for (const key of ["type", "count", "rate", "from", "to"]) {
        delete rest[key];
      }
      const lines = [];
      for (const [key, value] of Object.entries(rest)) { // one line per field or top path: fields › body.request_time: {…}
        if (value && typeof value === "object" && !Array.isArray(value)) {
          for (const [path, figures] of Object.entries(value)) {
            lines.push(key + " › " + path + ": " + JSON.stringify(figures));
          }
        } else {
          lines.push(key + ": " + JSON.stringify(value));
        }
      }
      box.append(element("strong", "", head.join(" · ")), element("pre", "", lines.join("\n")));
      return box;
    }));
  }

  function draw() {
    if (typeof uPlot === "undefined" || samples.length < 2) {
      if (!chart) {
        $("chart").textContent = typeof uPlot === "undefined" ? "the chart library did not load" : "collecting…";
      }
      return;
    }
    const first = samples[0];
    const latest = samples[samples.length - 1];
    const busiest = Object.keys(latest.counts)
      .map((type) => [type, (latest.counts[type] || 0) - (first.counts[type] || 0)])
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_SERIES)
      .map(([type]) => type)
      .sort();
    const x = [];
    const all = [];
    const byType = busiest.map(() => []);
    for (let i = 1; i < samples.length; i++) {
      x.push(samples[i].now);
      all.push(rate(samples[i - 1], samples[i], (s) => s.total));
      busiest.forEach((type, j) => byType[j].push(rate(samples[i - 1], samples[i], (s) => s.counts[type])));
    }
    const data = [x, all, ...byType];
    const key = busiest.join("\u0000");
    const container = $("chart");
    if (!chart || key !== chartKey) {
      if (chart) {
        chart.destroy();
      }
      container.replaceChildren();
      chartKey = key;
      chart = new uPlot({
        width: Math.max(300, container.clientWidth - 16),
        height: 260,
        legend: { live: false },
        scales: {
          x: { time: true, range: (u, min, max) => [max - WINDOW_S, max] },
          y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
        },
        axes: [{}, { label: "events/s", size: 60 }],
        series: [{}, { label: "all types", stroke: "#1d2330", width: 2, dash: [6, 4] },
          ...busiest.map((type, j) => ({ label: type, stroke: COLORS[j % COLORS.length], width: 2 }))],
      }, data, container);
    } else {
      chart.setData(data);
    }
  }

  window.addEventListener("resize", () => {
    if (chart) {
      chart.setSize({ width: Math.max(300, $("chart").clientWidth - 16), height: 260 });
    }
  });

  function keyValues(table, entries, empty) {
    const rows = entries.map(([key, value]) => row([key, value], ["", "num"]));
    if (rows.length === 0 && empty) {
      rows.push(row([empty], ["muted"]));
    }
    table.tBodies[0].replaceChildren(...rows);
  }

  function flat(section) {
    return Object.entries(section).map(([key, value]) =>
      [key, typeof value === "number" ? number(value) : typeof value === "object" ? JSON.stringify(value) : String(value)]);
  }

  function row(cells, classes) {
    const tr = document.createElement("tr");
    cells.forEach((text, i) => tr.append(element("td", classes[i] || "", text)));
    return tr;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function number(n) {
    return typeof n === "number" ? n.toLocaleString("en-US") : String(n);
  }

  function rateText(r) {
    return r >= 100 ? Math.round(r).toLocaleString("en-US") : r.toFixed(1);
  }

  function bytes(n) {
    if (typeof n !== "number") {
      return String(n);
    }
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }

  function seconds(s) {
    return s < 10 ? s.toFixed(2) + " s" : duration(s);
  }

  function duration(s) {
    if (typeof s !== "number") {
      return "?";
    }
    s = Math.max(0, Math.floor(s));
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return Math.floor(s / 60) + " min";
    }
    if (s < 172800) {
      return Math.floor(s / 3600) + " h";
    }
    return Math.floor(s / 86400) + " d";
  }

  function ago(s) {
    return s < 1 ? "now" : duration(s) + " ago";
  }

  poll();
})();
