/* Statistics page: figures and small inline-SVG charts from GET /api/v1/stats. */
(function () {
  "use strict";
  var R = window.review, el = R.el, SVG = "http://www.w3.org/2000/svg";
  var COLORS = { web: "#1565c0", telegram: "#0288d1", zalo: "#2e7d32" };

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function pct(x) { return x === null || x === undefined ? "—" : (Math.round(x * 1000) / 10) + "%"; }

  function figure(title, value, note) {
    return el("div", { class: "card figure" }, [el("div", { class: "muted", text: title }),
      el("div", { class: "value", text: String(value) }), note ? el("div", { class: "muted", text: note }) : null]);
  }

  function periodDays(period) {
    var days = [], day = new Date(period.from + "T00:00:00Z"), last = new Date(period.to + "T00:00:00Z");
    while (day <= last && days.length < 400) {
      days.push(day.toISOString().slice(0, 10));
      day = new Date(day.getTime() + 86400000);
    }
    return days;
  }

  function perDay(rows, period) {
    var days = periodDays(period), totals = {};
    days.forEach(function (d) { totals[d] = {}; });
    rows.forEach(function (r) { (totals[r.day] = totals[r.day] || {})[r.channel] = r.conversations; });
    var width = 720, height = 200, pad = 24, bar = days.length ? Math.min((width - pad) / days.length, 48) : 0;
    var max = 1;
    days.forEach(function (d) { var s = 0; Object.keys(totals[d]).forEach(function (c) { s += totals[d][c]; }); max = Math.max(max, s); });
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + (height + 20), role: "img",
                             "aria-label": "Cuộc trò chuyện mỗi ngày theo kênh" });
    days.forEach(function (d, i) {
      var y = height;
      Object.keys(COLORS).forEach(function (c) {
        var n = totals[d][c] || 0, h = n / max * (height - 10);
        if (!n) return;
        y -= h;
        var rect = svg("rect", { x: pad + i * bar + 1, y: y, width: Math.max(bar - 2, 1), height: h, fill: COLORS[c],
                                 "data-day": d, "data-channel": c });
        var tip = svg("title", {}); tip.textContent = d + " · " + c + ": " + n; rect.appendChild(tip);
        chart.appendChild(rect);
      });
    });
    var label = svg("text", { x: 0, y: 12, "font-size": 11 }); label.textContent = String(max); chart.appendChild(label);
    if (days.length) {
      var first = svg("text", { x: pad, y: height + 16, "font-size": 11 }); first.textContent = days[0]; chart.appendChild(first);
      var last = svg("text", { x: width - 70, y: height + 16, "font-size": 11 }); last.textContent = days[days.length - 1];
      chart.appendChild(last);
    }
    return chart;
  }

  function hbars(rows, labelOf, valueOf) {
    if (!rows.length) return el("p", { class: "muted", text: "Chưa có dữ liệu." });
    var width = 720, line = 24, max = 1;
    rows.forEach(function (r) { max = Math.max(max, valueOf(r)); });
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + rows.length * line, role: "img" });
    rows.forEach(function (r, i) {
      var w = valueOf(r) / max * (width - 330);
      chart.appendChild(svg("rect", { x: 300, y: i * line + 4, width: Math.max(w, 1), height: line - 8, fill: "#b71c1c" }));
      var t = svg("text", { x: 0, y: i * line + 16, "font-size": 12 });
      t.textContent = labelOf(r).slice(0, 48); chart.appendChild(t);
      var v = svg("text", { x: 305 + w, y: i * line + 16, "font-size": 12 }); v.textContent = String(valueOf(r)); chart.appendChild(v);
    });
    return chart;
  }

  function load() {
    var days = document.getElementById("days").value;
    document.getElementById("csv").setAttribute("href", "/api/v1/stats?format=csv&days=" + days);
    R.call("GET", "/api/v1/stats?days=" + days).then(function (s) {
      var f = document.getElementById("figures");
      f.textContent = "";
      var a = s.answered_without_officer, fb = s.feedback, h = s.handoffs, st = s.status_checks;
      f.appendChild(figure("Cuộc trò chuyện", a.conversations));
      f.appendChild(figure("Trả lời không cần cán bộ", pct(a.share), a.with_officer + " cần cán bộ"));
      f.appendChild(figure("Tỉ lệ đánh giá", pct(fb.rate), fb.ratings + "/" + fb.offers + " lần hỏi"));
      f.appendChild(figure("Đánh giá \"Chưa đúng\"", pct(fb.share_negative), fb.down + " chưa đúng, " + fb.up + " hữu ích"));
      f.appendChild(figure("Biểu mẫu bắt đầu / xác nhận", s.forms.started + " / " + s.forms.confirmed));
      f.appendChild(figure("Chuyển cán bộ", h.handoffs, "chờ trung vị " +
        (h.median_wait_seconds === null ? "—" : Math.round(h.median_wait_seconds) + " giây")));
      f.appendChild(figure("Tra cứu hồ sơ", st.checks, st.passed + " đúng chủ, " + st.lockouts + " lần khoá"));
      var box = document.getElementById("per-day"); box.textContent = ""; box.appendChild(perDay(s.conversations_per_day, s.period));
      box = document.getElementById("procedures"); box.textContent = "";
      box.appendChild(hbars(s.top_procedures, function (r) { return r.procedure_code; }, function (r) { return r.conversations; }));
      box = document.getElementById("unanswered"); box.textContent = "";
      box.appendChild(hbars(s.top_unanswered, function (r) { return r.text; }, function (r) { return r.count; }));
    }).catch(function (e) { document.getElementById("error").textContent = e.message; });
  }

  R.start(function () {
    document.getElementById("days").addEventListener("change", load);
    load();
  });
})();
