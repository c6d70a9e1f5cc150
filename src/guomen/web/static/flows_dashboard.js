// Command-centre dashboard: reads the flows JSON API and draws SVG charts. No libraries, no
// network beyond this server (the CSP allows scripts from 'self' only).
(function () {
  "use strict";
  var root = document.getElementById("flows-dashboard");
  if (!root) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var port = root.dataset.port;
  var region = root.dataset.region;
  var L = function (key) { return root.dataset["l" + key] || key; };

  function label(code) {
    return root.dataset["l" + code.charAt(0).toUpperCase() + code.slice(1)] || code;
  }

  function q(sel) { return root.querySelector(sel); }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      });
  }

  function frame(container, maxY) {
    container.textContent = "";
    var w = 720, h = 220, pad = { l: 40, r: 10, t: 10, b: 24 };
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, role: "img", class: "flows-svg" }, container);
    var x = function (hour) { return pad.l + (hour + 0.5) * (w - pad.l - pad.r) / 24; };
    var y = function (v) { return h - pad.b - (v / (maxY || 1)) * (h - pad.t - pad.b); };
    el("line", { x1: pad.l, y1: h - pad.b, x2: w - pad.r, y2: h - pad.b, class: "axis" }, svg);
    el("line", { x1: pad.l, y1: pad.t, x2: pad.l, y2: h - pad.b, class: "axis" }, svg);
    for (var hr = 0; hr < 24; hr += 3) {
      var t = el("text", { x: x(hr), y: h - 6, class: "tick" }, svg);
      t.textContent = String(hr).padStart(2, "0");
    }
    [0, 0.5, 1].forEach(function (f) {
      var lab = el("text", { x: pad.l - 4, y: y(maxY * f) + 4, class: "tick tick-y" }, svg);
      lab.textContent = String(Math.round(maxY * f));
    });
    return { svg: svg, x: x, y: y, w: w, h: h, pad: pad };
  }

  function polyline(f, values, cls) {
    var pts = [];
    values.forEach(function (v, i) { if (v !== null && v !== undefined) { pts.push(f.x(i) + "," + f.y(v)); } });
    if (pts.length) { el("polyline", { points: pts.join(" "), class: cls }, f.svg); }
  }

  function points(f, values, cls, label) {
    values.forEach(function (v, i) {
      if (v === null || v === undefined) { return; }
      var c = el("circle", { cx: f.x(i), cy: f.y(v), r: 3, class: cls, "data-hour": i, "data-value": v }, f.svg);
      var title = el("title", {}, c);
      title.textContent = label + " " + String(i).padStart(2, "0") + ":00 — " + v;
    });
  }

  function drawToday(data) {
    var hours = data.hours;
    var maxY = Math.max(1, Math.max.apply(null, hours.map(function (h) {
      return Math.max(h.hi, h.actual || 0, h.forecast);
    })));
    var f = frame(q("[data-testid=today-chart]"), maxY);
    var band = hours.map(function (h, i) { return f.x(i) + "," + f.y(h.hi); })
      .concat(hours.slice().reverse().map(function (h, j) { return f.x(23 - j) + "," + f.y(h.lo); }));
    el("polygon", { points: band.join(" "), class: "band" }, f.svg);
    polyline(f, hours.map(function (h) { return h.forecast; }), "line-forecast");
    points(f, hours.map(function (h) { return h.forecast; }), "pt-forecast", L("Forecast"));
    polyline(f, hours.map(function (h) { return h.actual; }), "line-actual");
    points(f, hours.map(function (h) { return h.actual; }), "pt-actual", L("Actual"));
    el("line", { x1: f.x(data.now_hour), y1: f.pad.t, x2: f.x(data.now_hour), y2: f.h - f.pad.b, class: "now" }, f.svg);
    drawStaff(data);
    drawWait(data);
    drawRoster(data.roster, data.day);
  }

  function total(obj) {
    if (!obj) { return null; }
    return Object.keys(obj).reduce(function (s, k) { return s + obj[k]; }, 0);
  }

  function drawStaff(data) {
    var need = data.hours.map(function (h) { return total(h.need); });
    var duty = data.hours.map(function (h) { return total(h.on_duty); });
    var maxY = Math.max(1, Math.max.apply(null, need.concat(duty.map(function (d) { return d || 0; }))));
    var f = frame(q("[data-testid=staff-chart]"), maxY);
    var bw = (f.w - f.pad.l - f.pad.r) / 24 * 0.7;
    need.forEach(function (v, i) {
      var r = el("rect", { x: f.x(i) - bw / 2, y: f.y(v), width: bw, height: f.y(0) - f.y(v), class: "bar-need", "data-hour": i, "data-value": v }, f.svg);
      el("title", {}, r).textContent = L("Need") + " " + i + ":00 — " + v;
    });
    if (duty[0] !== null) {
      polyline(f, duty, "line-duty");
      points(f, duty, "pt-duty", L("Duty"));
    }
  }

  function drawWait(data) {
    var w = data.wait;
    q("[data-testid=wait-minutes]").textContent = w.minutes + " " + L("Minutes");
    q("[data-testid=wait]").dataset.status = w.status;
    q("[data-testid=wait-reason]").textContent = w.reason;
    var warn = q("[data-testid=wait-warning]");
    var text = { "open-lanes": L("OpenLanes"), "emergency-plan": L("Emergency"), "pledge-broken": L("Pledge") }[w.status];
    warn.hidden = !text;
    warn.textContent = text || "";
    warn.className = "flows-alert alert-" + w.status;
  }

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    tr.appendChild(td);
  }

  function drawRoster(roster, day) {
    var body = q("[data-testid=roster-table] tbody");
    var shortBody = q("[data-testid=shortfall-table] tbody");
    body.textContent = "";
    shortBody.textContent = "";
    if (!roster) {
      q("[data-testid=roster-summary]").textContent = L("NoRoster");
      return;
    }
    q("[data-testid=roster-summary]").textContent = roster.start + " +" + roster.days + "d · " +
      roster.officers + " " + L("Officers") + " · " + label(roster.status) + " · " + roster.solve_seconds + " s";
    roster.assignments.filter(function (a) { return !day || a.day === day; }).forEach(function (a) {
      var tr = document.createElement("tr");
      cell(tr, a.officer); cell(tr, label(a.shift)); cell(tr, label(a.skill));
      body.appendChild(tr);
    });
    roster.shortfalls.filter(function (s) { return !day || s.day === day; }).forEach(function (s) {
      var tr = document.createElement("tr");
      cell(tr, s.day + " " + String(s.hour).padStart(2, "0") + ":00");
      cell(tr, label(s.skill)); cell(tr, String(s.missing)); cell(tr, s.reason);
      shortBody.appendChild(tr);
    });
  }

  function drawWeek(data) {
    var box = q("[data-testid=week-heatmap]");
    box.textContent = "";
    var rows = data.officers;
    var max = Math.max(1, Math.max.apply(null, rows.map(function (r) { return Math.max.apply(null, r); })));
    var cw = 26, ch = 22, left = 90, top = 18;
    var svg = el("svg", { viewBox: "0 0 " + (left + 24 * cw + 4) + " " + (top + rows.length * ch + 4), class: "flows-svg heat" }, box);
    for (var hr = 0; hr < 24; hr += 2) {
      el("text", { x: left + hr * cw + cw / 2, y: 12, class: "tick" }, svg).textContent = String(hr).padStart(2, "0");
    }
    rows.forEach(function (row, d) {
      el("text", { x: left - 6, y: top + d * ch + 15, class: "tick tick-y" }, svg).textContent = data.days[d];
      row.forEach(function (v, h) {
        var r = el("rect", {
          x: left + h * cw, y: top + d * ch, width: cw - 1, height: ch - 1,
          class: "heat-cell", "data-value": v, "fill-opacity": (0.08 + 0.92 * v / max).toFixed(2)
        }, svg);
        el("title", {}, r).textContent = data.days[d] + " " + h + ":00 — " + v + " " + L("Officers") +
          " · " + data.arrivals[d][h];
      });
    });
  }

  function drawReinforcement(data) {
    var body = q("[data-testid=reinforcement-table] tbody");
    var gaps = q("[data-testid=reinforcement-gaps]");
    body.textContent = "";
    gaps.textContent = "";
    data.moves.forEach(function (m) {
      var tr = document.createElement("tr");
      cell(tr, m.from_port); cell(tr, m.to_port); cell(tr, label(m.shift));
      cell(tr, String(m.officers)); cell(tr, String(m.travel_minutes)); cell(tr, m.reason);
      body.appendChild(tr);
    });
    if (!data.moves.length) {
      var tr = document.createElement("tr");
      cell(tr, L("NoMoves"));
      body.appendChild(tr);
    }
    data.gaps.forEach(function (g) {
      var li = document.createElement("li");
      li.textContent = g.port + " · " + label(g.shift) + " · " + g.officers + " " + L("Officers") + ": " + g.reason;
      gaps.appendChild(li);
    });
  }

  function fail(err) {
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = L("Error") + " " + err.message;
    root.insertBefore(p, root.firstChild);
  }

  function loadAll() {
    var base = "/api/v1/flows/ports/" + encodeURIComponent(port);
    return Promise.all([
      getJson(base + "/today").then(drawToday),
      getJson(base + "/week").then(drawWeek),
      getJson("/api/v1/flows/regions/" + encodeURIComponent(region) + "/reinforcement").then(drawReinforcement)
    ]).then(function () { root.dataset.loaded = "yes"; }, fail);
  }

  var form = q("[data-testid=roster-form]");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = { weeks: Number(form.weeks.value || 1) };
      if (form.start.value) { body.start = form.start.value; }
      if (form.officers.value) { body.officers = Number(form.officers.value); }
      q("[data-testid=roster-summary]").textContent = L("Working");
      root.dataset.loaded = "no";
      fetch("/api/v1/flows/ports/" + encodeURIComponent(port) + "/roster", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf, Accept: "application/json" },
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) { throw new Error(j.detail || r.status); }
          return j;
        });
      }).then(loadAll, fail);
    });
  }
  loadAll();
})();
